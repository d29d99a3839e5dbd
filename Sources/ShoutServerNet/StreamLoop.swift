import CLinuxSockets
import Glibc
import NIOCore
import ShoutCore
import ShoutSockets
import ShoutSystem

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

    let listener: ServerSocket
    /// The cap in force: `--max-connections`, or fewer when the system's limit on open files is lower (see
    /// ``DescriptorBudget``).
    let maxConnections: Int
    /// Why ``maxConnections`` is what it is, for the line that refuses a connection (see ``refusal(of:open:cap:)``).
    let cap: String
    let counters: ServerCounters
    let events: EventChannel<ServerEvent>
    let thread: LoopThread
    let epoll: Int32
    /// The kernel's view of the open connections, read here when the screen asks.
    let inspection = ConnectionInspection()

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
                throw NetworkError.other("Cannot serve TCP: \(NetworkError.describe(errno: errno)).")
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
            : Self.optionCap
        self.counters = counters
        self.events = events
        self.thread = thread
        self.epoll = epoll
    }

    /// Starts the loop's thread; throws a ``NetworkError`` when the system starts none (the sockets are closed
    /// then).
    func start() throws {
        do {
            try thread.start(named: "shout-tcp") { [self] in
                var state = State(burst: ServerBurst(events: events))
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
    final class Connection {
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
    struct State {
        var connections: [Int32: Connection] = [:]
        var nextID = 0
        /// When accepting resumes, after the system refused one for want of file descriptors.
        var acceptsResumeAt: UInt64?
        /// What this wake-up did, published at its end.
        var burst: ServerBurst
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: StreamLoop.readSize, alignment: 64)
    }

    private func run(_ state: inout State) {
        defer { state.buffer.deallocate() }
        guard watch(listener.descriptor, UInt32(EPOLLIN.rawValue)),
            watch(thread.wakeDescriptor, UInt32(EPOLLIN.rawValue)),
            inspection.wakeDescriptor < 0 || watch(inspection.wakeDescriptor, UInt32(EPOLLIN.rawValue))
        else {
            events.send(
                ServerEvent(.problem("TCP: cannot wait for connections: \(NetworkError.describe(errno: errno))"))
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
                events.send(ServerEvent(.problem("TCP: stopped serving: \(NetworkError.describe(errno: errno))")))
                return
            }
            var stopping = false
            var inspecting = false
            for index in 0..<Int(count) {
                let descriptor = ready[index].data.fd
                let flags = ready[index].events
                if descriptor == thread.wakeDescriptor {
                    stopping = true
                } else if descriptor == inspection.wakeDescriptor {
                    inspecting = true
                } else if descriptor == listener.descriptor {
                    acceptConnections(&state)
                } else if let connection = state.connections[descriptor] {
                    serve(connection, flags: flags, &state)
                }
            }
            state.burst.publish(to: counters)
            if stopping { return }
            if inspecting { inspectConnections(&state) }
        }
    }

    /// How long accepting pauses when the system is out of file descriptors, in nanoseconds.
    static let acceptPause: UInt64 = 100_000_000

    /// How long `epoll_wait` may sleep: until accepting resumes, or for ever.
    static func waitTimeout(_ resume: UInt64?) -> Int32 {
        guard let resume else { return -1 }
        let now = MonotonicClock.nanoseconds()
        return resume > now ? Int32(clamping: (resume - now + 999_999) / 1_000_000) : 0
    }

    func setListenerInterest(_ interest: UInt32) {
        var event = epoll_event(events: interest, data: epoll_data_t(fd: listener.descriptor))
        epoll_ctl(epoll, EPOLL_CTL_MOD, listener.descriptor, &event)
    }

    func watch(_ descriptor: Int32, _ interest: UInt32) -> Bool {
        var event = epoll_event(events: interest, data: epoll_data_t(fd: descriptor))
        return epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0
    }
}
