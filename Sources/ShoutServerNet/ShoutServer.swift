import ShoutCore
import ShoutSockets

/// The upper-casing server: UDP and TCP on the same port at once, many peers at once.
///
/// Serving never depends on anyone reading ``events``: the network path only appends to that bounded channel and
/// bumps ``counters``.
public final class ShoutServer: Sendable {
    /// What the server sees and does, for the headless log or the TUI.
    public let events: EventChannel<ServerEvent>
    /// Exact totals.
    public let counters: ServerCounters
    /// The UDP impairments, changeable while serving.
    public let impairments: LiveImpairments
    /// The port both transports listen on.
    public let port: Int
    /// The bound sockets' addresses, one per transport.
    public let listening: [(transport: Transport, endpoint: Endpoint)]

    private let datagramLoops: [DatagramLoop]
    private let streamLoops: [StreamLoop]

    /// The kernel's view of the TCP connections (`TCP_INFO`), read by the TCP loop when asked; nil without TCP.
    public var connectionInspection: ConnectionInspection? { streamLoops.first?.inspection }

    /// How many events a second the server lists (a datagram and its reply are two): more than a person can read,
    /// few enough that a flood costs the network path counters rather than allocations. The rest are counted.
    public static let listedEventsPerSecond = 4000

    private init(
        events: EventChannel<ServerEvent>,
        counters: ServerCounters,
        impairments: LiveImpairments,
        port: Int,
        listening: [(transport: Transport, endpoint: Endpoint)],
        datagramLoops: [DatagramLoop],
        streamLoops: [StreamLoop]
    ) {
        self.events = events
        self.counters = counters
        self.impairments = impairments
        self.port = port
        self.listening = listening
        self.datagramLoops = datagramLoops
        self.streamLoops = streamLoops
    }

    /// Binds the sockets, runs `body` with the serving server, and stops it (every socket closed, both loops'
    /// threads returned, ``events`` finished) before returning what `body` returns or throwing what it throws.
    /// Throws a ``NetworkError`` a user can read when the sockets cannot be bound.
    public static func serving<Result>(
        _ configuration: ServerConfiguration,
        impairments: Impairments = Impairments(),
        events: EventChannel<ServerEvent> = EventChannel(eventsPerSecond: ShoutServer.listedEventsPerSecond),
        _ body: (ShoutServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(configuration, impairments: impairments, events: events)
        let result: Result
        do {
            result = try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        return result
    }

    /// Binds the sockets and starts serving; throws a ``NetworkError`` a user can read. The caller stops it:
    /// commands use ``serving(_:impairments:events:_:)``, which does.
    package static func start(
        _ configuration: ServerConfiguration,
        impairments: Impairments = Impairments(),
        events: EventChannel<ServerEvent> = EventChannel(eventsPerSecond: ShoutServer.listedEventsPerSecond)
    ) async throws -> ShoutServer {
        let counters = ServerCounters()
        let impairments = LiveImpairments(impairments)
        let hosts = configuration.host.map { [$0] } ?? ["::", "0.0.0.0"]
        var lastError: (any Error)?
        for host in hosts {
            // With port 0 the kernel picks TCP's port; UDP may find it taken, so try a few times.
            for _ in 0..<(configuration.port == 0 ? 20 : 1) {
                do {
                    return try await bind(
                        host: host,
                        configuration: configuration,
                        counters: counters,
                        impairments: impairments,
                        events: events
                    )
                } catch let error as NetworkError where error.isPortInUse && configuration.port == 0 {
                    lastError = error
                } catch let error as NetworkError {
                    lastError = error
                    break
                }
            }
            // Fall back from the dual-stack wildcard to IPv4 only where the machine has no IPv6.
            if let error = lastError as? NetworkError, error.isPortInUse { break }
        }
        throw lastError ?? NetworkError.other("Cannot listen on port \(configuration.port).")
    }

    private static func bind(
        host: String,
        configuration: ServerConfiguration,
        counters: ServerCounters,
        impairments: LiveImpairments,
        events: EventChannel<ServerEvent>
    ) async throws -> ShoutServer {
        var datagramLoops: [DatagramLoop] = []
        var streamLoops: [StreamLoop] = []
        var listening: [(transport: Transport, endpoint: Endpoint)] = []
        var port = configuration.port
        do {
            if configuration.transports.contains(.tcp) {
                let loop = try StreamLoop(
                    listener: ServerSocket.bind(.stream, host: host, port: port),
                    maxConnections: configuration.maxConnections,
                    counters: counters,
                    events: events
                )
                try loop.start()
                streamLoops.append(loop)
                port = loop.port
                listening.append((.tcp, Endpoint(host: host, port: port)))
            }
            if configuration.transports.contains(.udp) {
                let loop = try DatagramLoop(
                    socket: ServerSocket.bind(.datagram, host: host, port: port),
                    counters: counters,
                    events: events,
                    impairments: impairments,
                    rateLimit: configuration.rateLimit,
                    grade: configuration.grade
                )
                try loop.start()
                datagramLoops.append(loop)
                port = loop.port
                listening.append((.udp, Endpoint(host: host, port: port)))
            }
        } catch {
            for loop in datagramLoops { await loop.stop() }
            for loop in streamLoops { await loop.stop() }
            throw error
        }
        for (transport, endpoint) in listening { events.send(ServerEvent(.listening(transport, endpoint))) }
        return ShoutServer(
            events: events,
            counters: counters,
            impairments: impairments,
            port: port,
            listening: listening,
            datagramLoops: datagramLoops,
            streamLoops: streamLoops
        )
    }

    /// Stops listening, closes every socket and finishes ``events``. Safe to call more than once.
    package func stop() async {
        for loop in datagramLoops { await loop.stop() }
        for loop in streamLoops { await loop.stop() }
        events.finish()
    }
}
