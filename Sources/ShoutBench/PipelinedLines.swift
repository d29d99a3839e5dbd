import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of one persistent TCP connection of a benchmark, as a value: the lines in flight, the reply line read so
/// far, the requests waiting to be written, and the tally.
///
/// The handler hands it a whole read at a time. Kept in one value rather than in the handler's fields, so that Swift
/// checks exclusive access once per read instead of on every field for every reply (those checks were 8 % of the
/// generator's CPU in a profile of TCP 64×16).
struct PipelinedLines {
    private let client: UInt64
    private let window: Int
    private let size: Int
    private var nextSequence: UInt64 = 0
    /// Ids and send times of the lines in flight, oldest first, from `inFlightHead` on.
    private var inFlight: [(id: UInt64, sentAt: UInt64)] = []
    private var inFlightHead = 0
    /// The start of a reply line whose newline has not come yet.
    private var partial: [UInt8] = []
    /// The next requests, written as one buffer at the end of a read burst (as a C client fills one buffer).
    private var output: ByteBuffer?
    /// What this connection counted.
    private(set) var tally = BenchTally()
    /// Correct replies since ``takeReplyCount()`` was last called.
    private var unreportedReplies = 0

    init(client: Int, window: Int, size: Int) {
        self.client = UInt64(client)
        self.window = window
        self.size = size
    }

    /// Queues a full window of requests, for a connection that just came up.
    mutating func fillWindow(at now: UInt64, allocator: ByteBufferAllocator) {
        for _ in 0..<window { queueRequest(at: now, allocator: allocator) }
    }

    /// Checks every complete reply line in `bytes` against the oldest line in flight and, while `running`, queues a
    /// new request for each; `now` is the time of this read, taken as the send time of the requests it queues.
    mutating func consume(
        _ bytes: UnsafeRawBufferPointer,
        at now: UInt64,
        running: Bool,
        allocator: ByteBufferAllocator
    ) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else {
                partial.append(contentsOf: bytes[start...])
                break
            }
            let newline = base.distance(to: UnsafeRawPointer(found))
            let freedSlot: Bool
            if partial.isEmpty {
                // The whole line is in this read: check it where it lies.
                freedSlot = check(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), at: now)
            } else {
                // Swapped out (not copied) while it is checked, and back in with its capacity kept.
                var line: [UInt8] = []
                swap(&line, &partial)
                line.append(contentsOf: bytes[start..<newline])
                freedSlot = line.withUnsafeBytes { check($0, at: now) }
                line.removeAll(keepingCapacity: true)
                partial = line
            }
            if freedSlot && running { queueRequest(at: now, allocator: allocator) }
            start = newline + 1
        }
        if inFlightHead > 1024 {
            inFlight.removeFirst(inFlightHead)
            inFlightHead = 0
        }
    }

    /// The requests queued since the last call, as one buffer, or nil if there are none.
    mutating func takeOutput() -> ByteBuffer? {
        output.take()
    }

    /// The correct replies counted since the last call (for the shared progress count, once per read burst).
    mutating func takeReplyCount() -> Int {
        defer { unreportedReplies = 0 }
        return unreportedReplies
    }

    /// Counts a broken connection.
    mutating func recordFailure() {
        tally.failedConnections += 1
    }

    /// Checks one reply line against the oldest line in flight; returns whether it answered one (freeing its slot) or
    /// came when none was in flight.
    private mutating func check(_ reply: UnsafeRawBufferPointer, at now: UInt64) -> Bool {
        guard inFlightHead < inFlight.count else {
            tally.bad += 1
            return false
        }
        let (id, sentAt) = inFlight[inFlightHead]
        inFlightHead += 1
        if BenchPayload.isExpectedReply(reply, id: id, size: size) {
            tally.recordReply(nanoseconds: now &- sentAt)
            unreportedReplies += 1
        } else {
            tally.bad += 1
        }
        return true
    }

    private mutating func queueRequest(at now: UInt64, allocator: ByteBufferAllocator) {
        let id = client << 28 | nextSequence
        nextSequence += 1
        // Taken out of `output` so that the buffer is uniquely referenced and grows in place, never copied.
        var buffer = output.take() ?? allocator.buffer(capacity: (size + 1) * window)
        BenchPayload.writeRequest(id: id, size: size, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
        output = buffer
        inFlight.append((id, now))
        tally.sent += 1
    }
}
