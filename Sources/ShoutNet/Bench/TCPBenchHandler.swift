import NIOCore

/// One persistent TCP connection of a benchmark: keeps `window` newline-terminated lines in flight and checks each
/// reply line, in order, against the upper-cased request.
final class TCPBenchHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let client: UInt64
    private let window: Int
    private let size: Int
    private let control: BenchControl
    private var nextSequence: UInt64 = 0
    /// Ids and send times of the lines in flight, oldest first.
    private var inFlight: [(id: UInt64, sentAt: UInt64)] = []
    private var inFlightHead = 0
    private var line: [UInt8] = []
    /// The next requests, written as one buffer at the end of a read burst (as a C client fills one buffer).
    private var output: ByteBuffer?
    /// What this connection counted.
    private(set) var tally = BenchTally()
    /// Correct replies in the current read burst, added to the shared progress count once per burst.
    private var burstReplies = 0

    init(client: Int, window: Int, size: Int, control: BenchControl) {
        self.client = UInt64(client)
        self.window = window
        self.size = size
        self.control = control
    }

    func channelActive(context: ChannelHandlerContext) {
        let now = MonotonicClock.nanoseconds()
        for _ in 0..<window { sendNext(context: context, at: now) }
        writeOutput(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let now = MonotonicClock.nanoseconds()
        buffer.withUnsafeReadableBytes { bytes in
            var start = 0
            while start < bytes.count {
                guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                    line.append(contentsOf: bytes[start...])
                    return
                }
                if line.isEmpty {
                    // The whole line is in this read: check it where it lies.
                    check(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), at: now, context: context)
                } else {
                    line.append(contentsOf: bytes[start..<newline])
                    line.withUnsafeBytes { check($0, at: now, context: context) }
                    line.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
        }
        if inFlightHead > 1024 {
            inFlight.removeFirst(inFlightHead)
            inFlightHead = 0
        }
    }

    /// Checks one reply line against the oldest line in flight and sends the next request.
    private func check(_ reply: UnsafeRawBufferPointer, at now: UInt64, context: ChannelHandlerContext) {
        guard inFlightHead < inFlight.count else {
            tally.bad += 1
            return
        }
        let (id, sentAt) = inFlight[inFlightHead]
        inFlightHead += 1
        if BenchPayload.isExpectedReply(reply, id: id, size: size) {
            tally.recordReply(nanoseconds: now &- sentAt)
            burstReplies += 1
        } else {
            tally.bad += 1
        }
        sendNext(context: context, at: now)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        control.replies.wrappingAdd(burstReplies, ordering: .relaxed)
        burstReplies = 0
        writeOutput(context: context)
    }

    private func writeOutput(context: ChannelHandlerContext) {
        guard let buffer = output else { return }
        output = nil
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if control.isRunning.load(ordering: .relaxed) { tally.failedConnections += 1 }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Queues the next request; `now` is the time of the read burst that frees its slot (the requests of one burst
    /// go out together when it ends).
    private func sendNext(context: ChannelHandlerContext, at now: UInt64) {
        guard control.isRunning.load(ordering: .relaxed) else { return }
        let id = client << 28 | nextSequence
        nextSequence += 1
        // Taken out of `output` so that the buffer is uniquely referenced and grows in place, never copied.
        var buffer = output.take() ?? context.channel.allocator.buffer(capacity: (size + 1) * window)
        BenchPayload.writeRequest(id: id, size: size, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
        output = buffer
        inFlight.append((id, now))
        tally.sent += 1
    }
}
