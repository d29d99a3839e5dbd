import CLinuxSockets
import Glibc
import NIOCore
import ShoutCore
import ShoutSockets
import ShoutSystem

/// The server's UDP path: a thread of its own (`shout-udp`) that reads up to ``batchSize`` datagrams at a time with
/// `recvmmsg`, decides each one's fate by ``DatagramRules`` (a pure function of what it is told) and carries it out:
/// each reply upper-cased where its datagram was read, a batch's replies sent with one `sendmmsg`, as the C reference
/// server does, and what it did recorded in a ``ServerBurst`` published once a wake-up.
///
/// It exists because NIO's datagram channel costs more per datagram than the rest of the server (an envelope, a
/// buffer slice and a formatted sender address for each): see BENCHMARKS.md. Replies held back by `--delay` and
/// `--jitter` wait in ``DelayedReplies``; the thread sleeps in `poll` until a datagram comes, the next of them is
/// due, or ``stop()`` wakes it.
///
/// `@unchecked Sendable`: after ``start()`` only the loop's thread touches the rules, the burst, the throttle and the
/// buffers; the other members are constants or thread-safe.
final class DatagramLoop: @unchecked Sendable {
    /// Datagrams per `recvmmsg` and `sendmmsg`, as the C reference server takes.
    static let batchSize = 64
    /// Room for each datagram of a batch: the largest one, so none is ever cut. Only the pages datagrams reach are
    /// ever touched.
    static let slotSize = 65_536
    /// Full batches read on one wake-up before the loop looks at its timers and the stop signal again.
    static let batchesPerWake = 4

    private let socket: ServerSocket
    private let thread: LoopThread
    private let counters: ServerCounters
    private let impairments: LiveImpairments
    private var rules: DatagramRules
    private var burst: ServerBurst
    /// Bounds the problem lines of a flood (a firewall refusing every reply).
    private var problems = ProblemThrottle<Int32>()
    /// The draws of `--drop` and `--jitter`.
    private var random = SystemRandomNumberGenerator()

    /// The port the socket is bound to.
    var port: Int { socket.port }

    init(
        socket: ServerSocket,
        counters: ServerCounters,
        events: EventChannel<ServerEvent>,
        impairments: LiveImpairments,
        rateLimit: Int?,
        grade: Bool = false
    ) throws {
        do {
            thread = try LoopThread()
        } catch {
            close(socket.descriptor)
            throw error
        }
        self.socket = socket
        self.counters = counters
        self.impairments = impairments
        rules = DatagramRules(ownPort: socket.port, rateLimit: rateLimit, grade: grade)
        burst = ServerBurst(events: events)
    }

    /// Starts the loop's thread; throws a ``NetworkError`` when the system starts none (the socket is closed then).
    func start() throws {
        do {
            try thread.start(named: "shout-udp") { [self] in
                run()
                close(socket.descriptor)
            }
        } catch {
            close(socket.descriptor)
            throw error
        }
    }

    /// Stops the loop and waits until its thread has closed the socket.
    func stop() async { await thread.stop() }

    // MARK: - The loop's thread

    private func run() {
        let batch = Batch()
        defer { batch.deallocate() }
        var delayed = DelayedReplies()
        var watched = [
            pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: thread.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let timeout = Self.pollTimeout(until: delayed.nextDue, now: MonotonicClock.nanoseconds())
            if poll(&watched, 2, timeout) < 0 {
                guard errno == EINTR else {
                    report("stopped serving: \(NetworkError.describe(errno: errno))")
                    burst.publish(to: counters)
                    return
                }
                continue
            }
            if watched[1].revents != 0 { return }
            if watched[0].revents & Int16(POLLERR) != 0 { reportPendingError() }
            if watched[0].revents & Int16(POLLIN) != 0 {
                for _ in 0..<Self.batchesPerWake {
                    let received = receive(into: batch)
                    if received > 0 { answer(received, in: batch, delayed: &delayed) }
                    if received < Self.batchSize { break }
                }
            }
            sendDue(&delayed)
            burst.publish(to: counters)
        }
    }

    /// How long `poll` may sleep: until the next held reply is due (rounded up to a millisecond), or for ever.
    static func pollTimeout(until due: UInt64?, now: UInt64) -> Int32 {
        guard let due else { return -1 }
        guard due > now else { return 0 }
        return Int32(clamping: (due - now + 999_999) / 1_000_000)
    }

    /// Reads up to a batch of datagrams without waiting; returns how many (0 when none was there).
    private func receive(into batch: Batch) -> Int {
        batch.prepareForReceive()
        let received = shout_receive_messages(
            socket.descriptor,
            batch.messages,
            UInt32(Self.batchSize),
            Int32(MSG_DONTWAIT)
        )
        guard received < 0 else { return Int(received) }
        let code = errno
        if code != EAGAIN, code != EWOULDBLOCK, code != EINTR { report(NetworkError.describe(errno: code)) }
        return 0
    }

    /// Answers the batch's datagrams: each one's fate decided by the rules, with the impairments and the clock read
    /// once for the batch; each reply is upper-cased in its datagram's slot and goes back through the same message
    /// header, to the sender just read; refused datagrams are left out, held replies wait.
    private func answer(_ received: Int, in batch: Batch, delayed: inout DelayedReplies) {
        var outgoing = 0
        let now = MonotonicClock.nanoseconds()
        let impairments = impairments.current
        for index in 0..<received {
            let slot = batch.slot(index)
            let length = Int(batch.messages[index].length)
            let sender = ReceivedAddress(storage: batch.senders + index)
            let request = UnsafeRawBufferPointer(start: slot, count: length)
            let fate = rules.decide(
                sourcePort: sender.sourcePort,
                source: { sender.sourceAddress },
                replyCost: DelayedReplies.cost(bytes: length),
                heldBytes: delayed.heldBytes,
                impairments: impairments,
                now: now,
                random: &random,
                isLabPing: { HeartbeatPayload.parse(request) != nil }
            )
            guard case .answer(let delay) = fate else {
                if case .drop(let reason) = fate { burst.dropping(request, from: sender, reason: reason) }
                continue
            }
            let listedAs = burst.answering(request, from: sender)
            let replyLength = DatagramReply.uppercaseInPlace(slot, length: length, room: Self.slotSize)
            let reply = UnsafeRawBufferPointer(start: slot, count: replyLength)
            if delay > 0 {
                delayed.hold(
                    Array(reply),
                    to: batch.senders + index,
                    length: batch.messages[index].header.msg_namelen,
                    listedAs: listedAs,
                    due: now + UInt64(delay) * 1_000_000
                )
                continue
            }
            burst.replyingToDatagram(reply, listedAs: listedAs)
            batch.vectors[index].iov_len = replyLength
            if outgoing != index { batch.messages[outgoing] = batch.messages[index] }
            outgoing += 1
        }
        // Counted before sent: a peer that has its reply finds it in the counters too.
        burst.publish(to: counters)
        send(outgoing, in: batch)
    }

    /// Sends the first `count` messages of the batch; one the kernel refuses is reported and skipped.
    private func send(_ count: Int, in batch: Batch) {
        var sent = 0
        while sent < count {
            let result = shout_send_messages(socket.descriptor, batch.messages + sent, UInt32(count - sent), 0)
            if result > 0 {
                sent += Int(result)
                continue
            }
            let code = errno
            if result < 0, code == EINTR { continue }
            burst.unsent(byteCount: Int(batch.messages[sent].header.msg_iov.pointee.iov_len))
            let peer = batch.messages[sent].header.msg_name.map {
                ReceivedAddress(storage: $0.assumingMemoryBound(to: sockaddr_storage.self)).sourceEndpoint
            }
            report(Self.unsentSentence(code, to: peer), kind: code)
            sent += 1
        }
    }

    /// Sends the held replies that are due.
    private func sendDue(_ delayed: inout DelayedReplies) {
        guard !delayed.isEmpty else { return }
        let now = MonotonicClock.nanoseconds()
        var due: [DelayedReplies.Reply] = []
        while let reply = delayed.popDue(by: now) {
            burst.replyingToDatagram(reply.bytes, listedAs: reply.listedAs)
            due.append(reply)
        }
        burst.publish(to: counters)
        for var reply in due {
            let result = reply.bytes.withUnsafeBytes { bytes in
                withUnsafePointer(to: &reply.address) { address in
                    address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socket.descriptor, bytes.baseAddress, bytes.count, 0, $0, reply.addressLength)
                    }
                }
            }
            if result < 0 {
                let code = errno
                burst.unsent(byteCount: reply.bytes.count)
                let peer = withUnsafePointer(to: &reply.address) { ReceivedAddress(storage: $0).sourceEndpoint }
                report(Self.unsentSentence(code, to: peer), kind: code)
            }
        }
    }

    /// A reply the kernel would not send, as a sentence: to whom, and why in words (`a firewall on this machine
    /// refused it (EPERM)`).
    static func unsentSentence(_ code: Int32, to peer: Endpoint?) -> String {
        let reason = NetworkError.notSent(errno: code).description.dropFirst("not sent: ".count)
        return "the reply to \(peer.map { "\($0)" } ?? "a peer") was not sent: \(reason)"
    }

    /// Reads and clears the socket's pending error (an ICMP error for an earlier reply), as a line.
    private func reportPendingError() {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(socket.descriptor, SOL_SOCKET, SO_ERROR, &code, &length) == 0, code != 0 {
            report(NetworkError.describe(errno: code))
        }
    }

    /// Lists a problem of the socket (an ICMP error for an earlier reply, a failed send): a line, within the budget,
    /// and at most one a second of each `kind` (an errno), which says how many like it went unlisted meanwhile.
    private func report(_ problem: String, kind: Int32 = 0) {
        guard let unlisted = problems.admit(kind, at: MonotonicClock.nanoseconds()) else { return }
        let more = unlisted > 0 ? " (and \(NumberText.grouped(unlisted)) more like it since the last such line)" : ""
        if burst.admit(1) { burst.list(ServerEvent(.problem("UDP: \(problem)\(more)"))) }
    }

    /// The buffers of one batch, allocated once: a slot per datagram, and the message headers that point into them.
    private final class Batch {
        let slots = UnsafeMutableRawPointer.allocate(byteCount: batchSize * slotSize, alignment: 64)
        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: batchSize)
        let senders = UnsafeMutablePointer<sockaddr_storage>.allocate(capacity: batchSize)
        let messages = UnsafeMutablePointer<shout_multi_message>.allocate(capacity: batchSize)

        func slot(_ index: Int) -> UnsafeMutableRawPointer { slots + index * DatagramLoop.slotSize }

        /// Points every message at its slot and its sender's room again (the last batch changed both).
        func prepareForReceive() {
            for index in 0..<DatagramLoop.batchSize {
                vectors[index] = iovec(iov_base: slot(index), iov_len: DatagramLoop.slotSize)
                messages[index] = shout_multi_message()
                messages[index].header.msg_name = UnsafeMutableRawPointer(senders + index)
                messages[index].header.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
                messages[index].header.msg_iov = vectors + index
                messages[index].header.msg_iovlen = 1
            }
        }

        func deallocate() {
            slots.deallocate()
            vectors.deallocate()
            senders.deallocate()
            messages.deallocate()
        }
    }
}
