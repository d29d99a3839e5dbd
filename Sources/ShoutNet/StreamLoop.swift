import CLinuxSockets
import Glibc
import NIOCore
import ShoutCore

/// The server's TCP path: a thread of its own (`shout-tcp`) that accepts connections and serves every one of them
/// from one `epoll` set, as the C reference server does: each read answered at once with its upper-cased bytes, by
/// ``ConnectionAnswerer``'s rules, from one read buffer shared by all connections.
///
/// It exists because NIO's channel per connection costs more than the rest of the server on the textbook client's
/// pattern (connect, one line, close): see BENCHMARKS.md. What it keeps of NIO's behaviour: the cap on open
/// connections counted at accept time, a peer that closes its side gets what is still held before the server
/// closes, and backpressure: while a connection's unsent replies pass ``highWater`` (a peer that sends but never
/// reads), the loop stops reading from it, and reads again below ``lowWater``.
///
/// `@unchecked Sendable`: after ``start()`` only the loop's thread touches the connections and the buffer; the other
/// members are constants.
final class StreamLoop: @unchecked Sendable {
    /// Bytes one read takes at most.
    static let readSize = 65_536
    /// Reads from one connection per wake-up, so one busy peer cannot starve the others.
    static let readsPerWake = 4
    /// Connections accepted per wake-up before the others get their turn.
    static let acceptsPerWake = 64
    /// Unsent reply bytes past which a connection is no longer read from.
    static let highWater = 64 * 1024
    /// Unsent reply bytes below which a paused connection is read from again.
    static let lowWater = 16 * 1024

    private let listener: ServerSocket
    /// The cap in force: `--max-connections`, or fewer when the system's limit on open files is lower (see
    /// ``DescriptorBudget``).
    private let maxConnections: Int
    /// Why ``maxConnections`` is what it is, for the line that refuses a connection (see ``ConnectionGate/refusal``).
    private let cap: String
    private let counters: ServerCounters
    private let events: EventChannel<ServerEvent>
    private let thread: LoopThread
    private let epoll: Int32

    /// The port the listening socket is bound to.
    var port: Int { listener.port }

    init(
        listener: ServerSocket,
        maxConnections: Int,
        counters: ServerCounters,
        events: EventChannel<ServerEvent>
    ) throws {
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        let thread: LoopThread
        do {
            guard epoll >= 0 else {
                throw ShoutNetError.other("Cannot serve TCP: \(ShoutNetError.describe(errno: errno)).")
            }
            thread = try LoopThread()
        } catch {
            if epoll >= 0 { Glibc.close(epoll) }
            Glibc.close(listener.descriptor)
            throw error
        }
        self.listener = listener
        let room = DescriptorBudget.connectionRoom()
        self.maxConnections = min(maxConnections, room ?? maxConnections)
        self.cap =
            self.maxConnections < maxConnections
            ? ", as many as this process's limit of \(DescriptorBudget.limit() ?? 0) open files leaves room for (ulimit -n)"
            : ConnectionGate.optionCap
        self.counters = counters
        self.events = events
        self.thread = thread
        self.epoll = epoll
    }

    /// Starts the loop's thread; throws a ``ShoutNetError`` when the system starts none (the sockets are closed
    /// then).
    func start() throws {
        do {
            try thread.start(named: "shout-tcp") { [self] in
                var state = State()
                run(&state)
                for connection in state.connections.values { Glibc.close(connection.descriptor) }
                Glibc.close(listener.descriptor)
                Glibc.close(epoll)
            }
        } catch {
            Glibc.close(listener.descriptor)
            Glibc.close(epoll)
            throw error
        }
    }

    /// Stops the loop, closes every connection and the listening socket, and waits until that is done.
    func stop() async { await thread.stop() }

    // MARK: - The loop's thread

    /// One connection: its rules, and the replies the socket has not taken yet.
    private final class Connection {
        let descriptor: Int32
        let answerer: ConnectionAnswerer
        /// Reply bytes not yet written, from `unsentStart` on.
        var unsent: [UInt8] = []
        var unsentStart = 0
        var isClosed = false
        var inputClosed = false
        var readingPaused = false
        /// The `epoll` events asked for now.
        var interest = UInt32(EPOLLIN.rawValue)

        init(descriptor: Int32, answerer: ConnectionAnswerer) {
            self.descriptor = descriptor
            self.answerer = answerer
        }

        var unsentCount: Int { unsent.count - unsentStart }
    }

    /// What the loop's thread holds.
    private struct State {
        var connections: [Int32: Connection] = [:]
        var nextID = 0
        /// When accepting resumes, after the system refused one for want of file descriptors.
        var acceptsResumeAt: UInt64?
        /// The events of this wake-up, handed to the event channel at its end.
        var pendingEvents: [ServerEvent] = []
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: StreamLoop.readSize, alignment: 64)
    }

    private func run(_ state: inout State) {
        defer { state.buffer.deallocate() }
        guard watch(listener.descriptor, UInt32(EPOLLIN.rawValue)),
            watch(thread.wakeDescriptor, UInt32(EPOLLIN.rawValue))
        else {
            events.send(
                ServerEvent(.problem("TCP: cannot wait for connections: \(ShoutNetError.describe(errno: errno))"))
            )
            return
        }
        var ready = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let count = epoll_wait(epoll, &ready, Int32(ready.count), Self.waitTimeout(state.acceptsResumeAt))
            if let resume = state.acceptsResumeAt, MonotonicClock.nanoseconds() >= resume {
                state.acceptsResumeAt = nil
                setListenerInterest(UInt32(EPOLLIN.rawValue))
            }
            if count < 0 {
                if errno == EINTR { continue }
                events.send(ServerEvent(.problem("TCP: stopped serving: \(ShoutNetError.describe(errno: errno))")))
                return
            }
            var stopping = false
            for index in 0..<Int(count) {
                let descriptor = ready[index].data.fd
                let flags = ready[index].events
                if descriptor == thread.wakeDescriptor {
                    stopping = true
                } else if descriptor == listener.descriptor {
                    acceptConnections(&state)
                } else if let connection = state.connections[descriptor] {
                    serve(connection, flags: flags, &state)
                }
            }
            if !state.pendingEvents.isEmpty {
                events.send(contentsOf: state.pendingEvents)
                state.pendingEvents.removeAll(keepingCapacity: true)
            }
            if stopping { return }
        }
    }

    /// How long accepting pauses when the system is out of file descriptors, in nanoseconds.
    static let acceptPause: UInt64 = 100_000_000

    /// How long `epoll_wait` may sleep: until accepting resumes, or for ever.
    private static func waitTimeout(_ resume: UInt64?) -> Int32 {
        guard let resume else { return -1 }
        let now = MonotonicClock.nanoseconds()
        return resume > now ? Int32(clamping: (resume - now + 999_999) / 1_000_000) : 0
    }

    private func setListenerInterest(_ interest: UInt32) {
        var event = epoll_event(events: interest, data: epoll_data_t(fd: listener.descriptor))
        epoll_ctl(epoll, EPOLL_CTL_MOD, listener.descriptor, &event)
    }

    private func watch(_ descriptor: Int32, _ interest: UInt32) -> Bool {
        var event = epoll_event(events: interest, data: epoll_data_t(fd: descriptor))
        return epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0
    }

    /// Accepts what the queue holds (up to ``acceptsPerWake``); one over `--max-connections` is closed at once,
    /// counted and reported, before the next is accepted.
    private func acceptConnections(_ state: inout State) {
        for _ in 0..<Self.acceptsPerWake {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &address) { storage in
                storage.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    shout_accept(
                        listener.descriptor,
                        $0,
                        &length,
                        Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                    )
                }
            }
            guard descriptor >= 0 else {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                guard code != EAGAIN && code != EWOULDBLOCK else { return }
                // Out of file descriptors (or memory): the queue stays readable, so stop asking for a while rather
                // than spin on it.
                if events.admit(1) {
                    let pause = "accepting again in \(Self.acceptPause / 1_000_000) ms"
                    state.pendingEvents.append(
                        ServerEvent(
                            .problem(
                                "TCP: cannot accept a connection: \(ShoutNetError.describe(errno: code)); \(pause)"
                            )
                        )
                    )
                }
                setListenerInterest(0)
                state.acceptsResumeAt = MonotonicClock.nanoseconds() + Self.acceptPause
                return
            }
            if counters.connectionsOpen.load(ordering: .relaxed) >= maxConnections {
                refuse(descriptor, from: address, &state)
                continue
            }
            counters.connectionsOpen.wrappingAdd(1, ordering: .relaxed)
            counters.connectionsAccepted.wrappingAdd(1, ordering: .relaxed)
            state.nextID += 1
            let answerer = ConnectionAnswerer(id: state.nextID, counters: counters, events: events) {
                withUnsafePointer(to: address) { ReceivedAddress(storage: $0).sourceEndpoint }
            }
            let connection = Connection(descriptor: descriptor, answerer: answerer)
            guard watch(descriptor, connection.interest) else {
                counters.connectionsOpen.wrappingSubtract(1, ordering: .relaxed)
                Glibc.close(descriptor)
                continue
            }
            state.connections[descriptor] = connection
            let opened = answerer.opened {
                ServerSocket.localAddress(of: descriptor).map { local in
                    withUnsafePointer(to: local) { ReceivedAddress(storage: $0).sourceEndpoint }
                } ?? Endpoint(host: "?", port: 0)
            }
            if let opened { state.pendingEvents.append(opened) }
        }
    }

    private func refuse(_ descriptor: Int32, from address: sockaddr_storage, _ state: inout State) {
        Glibc.close(descriptor)
        counters.connectionsRefused.wrappingAdd(1, ordering: .relaxed)
        guard events.admit(1) else { return }
        let peer = withUnsafePointer(to: address) { ReceivedAddress(storage: $0).sourceEndpoint }
        state.pendingEvents.append(ConnectionGate.refusal(of: peer, open: maxConnections, cap: cap))
    }

    private func serve(_ connection: Connection, flags: UInt32, _ state: inout State) {
        // Room to write, or an error or hang-up that the next write will report (a paused connection is not read).
        let writable = UInt32(EPOLLOUT.rawValue) | UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)
        if flags & writable != 0, connection.unsentCount > 0 { writeUnsent(connection, &state) }
        let readable = UInt32(EPOLLIN.rawValue) | UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)
        if flags & readable != 0, !connection.isClosed, !connection.inputClosed, !connection.readingPaused {
            read(connection, &state)
        }
    }

    /// Reads and answers up to ``readsPerWake`` times; a short read means the socket is drained for now.
    private func read(_ connection: Connection, _ state: inout State) {
        for _ in 0..<Self.readsPerWake {
            let count = Glibc.read(connection.descriptor, state.buffer, Self.readSize)
            if count > 0 {
                answer(connection, UnsafeMutableRawBufferPointer(start: state.buffer, count: count), &state)
                if connection.isClosed || connection.readingPaused || count < Self.readSize { return }
            } else if count == 0 {
                peerClosedInput(connection, &state)
                return
            } else {
                let code = errno
                if code == EINTR { continue }
                if code != EAGAIN && code != EWOULDBLOCK {
                    close(connection, reason: ShoutNetError.describe(errno: code), &state)
                }
                return
            }
        }
    }

    /// Answers one read: ASCII upper-cased where it was read, other bytes (or a character the last read cut off)
    /// through the connection's streaming upper-caser. (Where the ASCII path meets other bytes, the ASCII before them
    /// may already be upper-cased in place; upper-casing ASCII twice changes nothing.)
    private func answer(_ connection: Connection, _ request: UnsafeMutableRawBufferPointer, _ state: inout State) {
        let answerer = connection.answerer
        if let event = answerer.received(UnsafeRawBufferPointer(request)) { state.pendingEvents.append(event) }
        if !answerer.holdsPartOfACharacter,
            Uppercasing.copyUppercasingASCII(from: UnsafeRawBufferPointer(request), to: request)
        {
            reply(UnsafeRawBufferPointer(request), on: connection, &state)
        } else {
            let bytes = answerer.unicodeReply(to: UnsafeRawBufferPointer(request))
            bytes.withUnsafeBytes { reply($0, on: connection, &state) }
        }
    }

    private func reply(_ bytes: UnsafeRawBufferPointer, on connection: Connection, _ state: inout State) {
        guard !bytes.isEmpty else { return }
        if let event = connection.answerer.replying(bytes) { state.pendingEvents.append(event) }
        var written = 0
        if connection.unsentCount == 0 {
            let result = send(connection.descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if result < 0 {
                let code = errno
                guard code == EAGAIN || code == EWOULDBLOCK || code == EINTR else {
                    close(connection, reason: ShoutNetError.describe(errno: code), &state)
                    return
                }
            } else {
                written = result
            }
            if written == bytes.count { return }
        }
        connection.unsent.append(contentsOf: bytes[written...])
        if connection.unsentCount > Self.highWater { connection.readingPaused = true }
        updateInterest(connection, &state)
    }

    /// Writes what the socket will take of the unsent replies; closes a connection whose peer has closed its side
    /// once nothing is left, and reads a paused one again below ``lowWater``.
    private func writeUnsent(_ connection: Connection, _ state: inout State) {
        while connection.unsentCount > 0 {
            let result = connection.unsent.withUnsafeBytes { bytes in
                send(
                    connection.descriptor,
                    bytes.baseAddress! + connection.unsentStart,
                    connection.unsentCount,
                    Int32(MSG_NOSIGNAL)
                )
            }
            if result > 0 {
                connection.unsentStart += result
                continue
            }
            let code = errno
            if result < 0, code == EINTR { continue }
            if result < 0, code == EAGAIN || code == EWOULDBLOCK { break }
            close(connection, reason: ShoutNetError.describe(errno: code), &state)
            return
        }
        if connection.unsentCount == 0 {
            connection.unsent = []
            connection.unsentStart = 0
            if connection.inputClosed {
                close(connection, reason: nil, &state)
                return
            }
        } else if connection.unsentStart >= Self.highWater {
            connection.unsent.removeFirst(connection.unsentStart)
            connection.unsentStart = 0
        }
        if connection.readingPaused, connection.unsentCount < Self.lowWater { connection.readingPaused = false }
        updateInterest(connection, &state)
    }

    /// The peer closed its side: send what is still held, then close ours (at once when nothing waits to be
    /// written, as for the textbook client's one line).
    private func peerClosedInput(_ connection: Connection, _ state: inout State) {
        connection.inputClosed = true
        let rest = connection.answerer.inputClosed()
        if !rest.isEmpty { rest.withUnsafeBytes { reply($0, on: connection, &state) } }
        guard !connection.isClosed else { return }
        if connection.unsentCount == 0 {
            close(connection, reason: nil, &state)
        } else {
            updateInterest(connection, &state)
        }
    }

    /// Asks `epoll` for reads while the connection is read from, and for room to write while replies wait.
    private func updateInterest(_ connection: Connection, _ state: inout State) {
        guard !connection.isClosed else { return }
        var interest: UInt32 = 0
        if !connection.readingPaused && !connection.inputClosed { interest |= UInt32(EPOLLIN.rawValue) }
        if connection.unsentCount > 0 { interest |= UInt32(EPOLLOUT.rawValue) }
        guard interest != connection.interest else { return }
        connection.interest = interest
        var event = epoll_event(events: interest, data: epoll_data_t(fd: connection.descriptor))
        epoll_ctl(epoll, EPOLL_CTL_MOD, connection.descriptor, &event)
    }

    /// Closes a connection (closing the descriptor also takes it out of the `epoll` set), for `reason` (nil: in
    /// the ordinary way).
    private func close(_ connection: Connection, reason: String?, _ state: inout State) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        state.connections[connection.descriptor] = nil
        Glibc.close(connection.descriptor)
        counters.connectionsOpen.wrappingSubtract(1, ordering: .relaxed)
        if let event = connection.answerer.closed(reason: reason) { state.pendingEvents.append(event) }
    }

}
