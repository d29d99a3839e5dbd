import CLinuxSockets
import FoundationEssentials
import Glibc
import ShoutCore
import ShoutSockets
import ShoutSystem

/// The packets of the server's port, read from a Linux packet socket on a thread of its own (`shout-wire`), off the
/// network path, and handed on as ``WireRecord``s through a bounded ``EventChannel`` (``records``).
///
/// The kernel filter (see `shout_open_port_captures`) copies up only the port's TCP and UDP packets and the ICMP
/// errors about them, on every interface (loopback included, whose outgoing copy of a packet the filter leaves out),
/// IPv4 and IPv6, at most ``snapLength`` bytes each. Every TCP segment read is tracked (the relative numbers need
/// them), but, as for the server's events, only ``recordsPerSecond`` records a second are built and sent; once a
/// tenth of a second's budget is spent the thread rests until the next, and the kernel drops what no longer fits the
/// socket's buffer before copying it. Those and the packets read past the budget are counted as missed. The serving
/// loops never wait for it: a flood costs them the kernel filter's few instructions a packet, and a copy of the
/// packets the capture takes.
public final class WireCapture: Sendable {
    /// How many bytes of each packet the kernel copies up: the headers and the start of the payload.
    public static let snapLength = 256
    /// The most records sent a second.
    public static let recordsPerSecond = 2_000
    /// Packets read in one system call.
    static let batchSize = 64

    /// The records, oldest first; drained by the log or the screen.
    public let records: EventChannel<WireRecord>
    /// The server's port.
    public let port: Int
    /// The capture's sockets: the packets coming in on every interface, then those going out of each one.
    private let descriptors: [Int32]
    private let thread: LoopThread

    private init(port: Int, descriptors: [Int32], thread: LoopThread) {
        self.port = port
        self.descriptors = descriptors
        self.thread = thread
        records = EventChannel(capacity: 16_384, eventsPerSecond: Self.recordsPerSecond)
    }

    /// Opens the capture of `port` and starts its thread; throws a ``WireCaptureError`` whose sentence says what
    /// is missing (CAP_NET_RAW, most often).
    public static func start(port: Int) throws(WireCaptureError) -> WireCapture {
        guard (1...65535).contains(port) else { throw WireCaptureError(.other("no port to capture")) }
        var opened = [Int32](repeating: -1, count: 64)
        let count = shout_open_port_captures(UInt16(port), UInt32(snapLength), &opened, Int32(opened.count))
        guard count > 0 else {
            let code = errno
            if code == EPERM || code == EACCES { throw WireCaptureError(.needsCapability) }
            throw WireCaptureError(.other(NetworkError.describe(errno: code)))
        }
        let descriptors = Array(opened.prefix(Int(count)))
        for descriptor in descriptors {
            var size: Int32 = 4 << 20
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let closeAll: @Sendable () -> Void = { for descriptor in descriptors { close(descriptor) } }
        let thread: LoopThread
        do {
            thread = try LoopThread()
        } catch {
            closeAll()
            throw WireCaptureError(.other("no pipe to stop it with"))
        }
        let capture = WireCapture(port: port, descriptors: descriptors, thread: thread)
        do {
            try thread.start(named: "shout-wire") { [capture] in
                capture.run()
                closeAll()
            }
        } catch {
            closeAll()
            throw WireCaptureError(.other("no thread to run it on"))
        }
        return capture
    }

    /// Stops the capture and waits until its thread has closed the socket. Safe to call more than once.
    public func stop() async {
        await thread.stop()
        records.finish()
    }

    // MARK: - The capture's thread

    private func run() {
        let slots = Slots(count: Self.batchSize, length: Self.snapLength)
        defer { slots.deallocate() }
        var tracker = WireTracker(port: port)
        // The stop pipe first, then the sockets.
        var watched = [pollfd(fd: thread.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        for descriptor in descriptors { watched.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
        var lastDropCheck = MonotonicClock.nanoseconds()
        var batch: [WireRecord] = []
        while true {
            if poll(&watched, nfds_t(watched.count), 500) < 0 {
                guard errno == EINTR else { return }
                continue
            }
            if watched[0].revents != 0 { return }
            var isSpent = false
            for (place, descriptor) in descriptors.enumerated() where watched[place + 1].revents != 0 {
                if watched[place + 1].revents & Int16(POLLERR) != 0 {
                    // Its interface went down (ENETDOWN): taking the error clears it, or poll would wake at once
                    // again and again.
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                }
                guard watched[place + 1].revents & Int16(POLLIN) != 0 else { continue }
                // A few batches a wake at most, so a flood cannot keep the thread from seeing the stop.
                for _ in 0..<16 {
                    let received = slots.receive(from: descriptor)
                    guard received > 0 else { break }
                    let now = Date()
                    for index in 0..<received {
                        if let record = take(slots, index, tracker: &tracker, at: now, spent: &isSpent) {
                            batch.append(record)
                        }
                    }
                    if received < Self.batchSize || isSpent { break }
                }
                if !batch.isEmpty {
                    records.send(contentsOf: batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            let now = MonotonicClock.nanoseconds()
            if now - lastDropCheck > 500_000_000 {
                lastDropCheck = now
                let drops = descriptors.reduce(0) { $0 + Int(shout_capture_drops($1)) }
                if drops > 0 { records.countMissed(drops) }
            }
            if isSpent {
                // The budget is spent: rather than read packets only to count them, the thread rests until the next
                // tenth of a second, and the kernel drops (and counts) what does not fit the socket's buffer, before
                // it copies them. A flood then costs the capture a few wakes a second, not a read per packet.
                var wake = [pollfd(fd: thread.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
                if poll(&wake, 1, 100) > 0 { return }
            }
        }
    }

    /// The record of the packet in slot `index`, if it is one to show: the loopback's outgoing copy is left out,
    /// and a packet past the budget is only counted (a TCP segment is tracked first).
    private func take(
        _ slots: Slots,
        _ index: Int,
        tracker: inout WireTracker,
        at now: Date,
        spent: inout Bool
    ) -> WireRecord? {
        if slots.isLoopbackOutgoing(index) { return nil }
        let bytes = slots.bytes(index)
        let isTCP = WirePacket.isTCP(bytes)
        if !isTCP, !admit(spent: &spent) { return nil }
        guard let packet = WirePacket.parse(bytes),
            let record = tracker.record(packet, at: slots.time(index) ?? now)
        else { return nil }
        if isTCP, !admit(spent: &spent) { return nil }
        return record
    }

    /// Whether the budget admits one more record; once it refuses one, the rest of the batch is only counted.
    private func admit(spent: inout Bool) -> Bool {
        if spent {
            records.countMissed(1)
            return false
        }
        if records.admit() { return true }
        spent = true
        return false
    }
}

/// Why `--wire` cannot show the segments, as one sentence.
public struct WireCaptureError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable {
        case needsCapability
        case other(String)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    /// Whether the capture needs CAP_NET_RAW that this process does not have.
    public var needsCapability: Bool {
        if case .needsCapability = code { return true }
        return false
    }

    public var description: String { sentence(for: "server") }

    /// The sentence for the program that goes on without the segments (`server`, `client`).
    public func sentence(for program: String) -> String {
        switch code {
        case .needsCapability:
            return "--wire shows the segments only with CAP_NET_RAW: run as root, or grant it once with "
                + "sudo setcap cap_net_raw+ep \"$(command -v shout)\"; the \(program) runs on without them."
        case .other(let reason):
            return "--wire cannot capture the segments (\(reason)); the \(program) runs on without them."
        }
    }
}
