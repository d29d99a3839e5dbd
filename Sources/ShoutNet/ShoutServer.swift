import NIOCore
import NIOPosix
import ShoutCore
import Synchronization

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
    public let impairments: Impairments
    /// The port both transports listen on.
    public let port: Int
    /// The bound sockets' addresses, one per transport.
    public let listening: [(transport: Transport, endpoint: Endpoint)]

    private let channels: [any Channel]
    private let datagramLoops: [DatagramLoop]
    private let streamLoops: [StreamLoop]

    /// How many events a second the server lists (a datagram and its reply are two): more than a person can read,
    /// few enough that a flood costs the network path counters rather than allocations. The rest are counted.
    public static let listedEventsPerSecond = 4000

    /// How many datagrams one read (recvmmsg) takes from NIO's datagram channel at most (`--loop nio`), as the C
    /// reference server does.
    static let datagramsPerRead = 64

    /// How many vectored reads one readiness event takes before the replies are flushed in one batch (sendmmsg). One:
    /// NIO tries another read after a short one, a wasted system call per datagram when the traffic is one at a time.
    static let readsPerEvent = 1

    /// Runs `body` with a new group of one event-loop thread for a server to serve every socket on, as the C
    /// reference server does, and shuts the group down afterwards.
    ///
    /// One thread serves a class with room to spare, and keeps a connection's events on the thread that accepted it:
    /// with NIO's default of one thread per core the accepting and serving threads hand every new connection over
    /// and, with the screen's own thread, compete for the same cores (measured: TCP 64×16 at 0.56× the reference with
    /// two threads, 0.9× with one; see BENCHMARKS.md).
    public static func withEventLoopGroup<Result>(
        _ body: (MultiThreadedEventLoopGroup) async throws -> Result
    ) async throws -> Result {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let result: Result
        do {
            result = try await body(group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try? await group.shutdownGracefully()
        return result
    }

    private init(
        events: EventChannel<ServerEvent>,
        counters: ServerCounters,
        impairments: Impairments,
        port: Int,
        listening: [(transport: Transport, endpoint: Endpoint)],
        channels: [any Channel],
        datagramLoops: [DatagramLoop],
        streamLoops: [StreamLoop]
    ) {
        self.events = events
        self.counters = counters
        self.impairments = impairments
        self.port = port
        self.listening = listening
        self.channels = channels
        self.datagramLoops = datagramLoops
        self.streamLoops = streamLoops
    }

    /// Binds the sockets and starts serving; throws a ``ShoutNetError`` a user can read.
    public static func start(
        _ configuration: ServerConfiguration,
        impairments: Impairments = Impairments(),
        events: EventChannel<ServerEvent> = EventChannel(eventsPerSecond: ShoutServer.listedEventsPerSecond),
        group: any EventLoopGroup
    ) async throws -> ShoutServer {
        let counters = ServerCounters()
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
                        events: events,
                        group: group
                    )
                } catch let error as ShoutNetError where error.isPortInUse && configuration.port == 0 {
                    lastError = error
                } catch let error as ShoutNetError {
                    lastError = error
                    break
                }
            }
            // Fall back from the dual-stack wildcard to IPv4 only where the machine has no IPv6.
            if let error = lastError as? ShoutNetError, error.isPortInUse { break }
        }
        throw lastError ?? ShoutNetError.other("Cannot listen on port \(configuration.port).")
    }

    private static func bind(
        host: String,
        configuration: ServerConfiguration,
        counters: ServerCounters,
        impairments: Impairments,
        events: EventChannel<ServerEvent>,
        group: any EventLoopGroup
    ) async throws -> ShoutServer {
        var channels: [any Channel] = []
        var datagramLoops: [DatagramLoop] = []
        var streamLoops: [StreamLoop] = []
        var listening: [(transport: Transport, endpoint: Endpoint)] = []
        var port = configuration.port
        do {
            if configuration.transports.contains(.tcp), configuration.loop == .own {
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
            } else if configuration.transports.contains(.tcp) {
                let channel = try await bindTCP(
                    host: host,
                    port: port,
                    maxConnections: configuration.maxConnections,
                    counters: counters,
                    events: events,
                    group: group
                )
                channels.append(channel)
                port = channel.localAddress?.port ?? port
                listening.append((.tcp, Endpoint(host: host, port: port)))
            }
            if configuration.transports.contains(.udp), configuration.loop == .own {
                let loop = try DatagramLoop(
                    socket: ServerSocket.bind(.datagram, host: host, port: port),
                    answerer: DatagramAnswerer(
                        counters: counters,
                        events: events,
                        impairments: impairments,
                        rateLimit: configuration.rateLimit
                    )
                )
                try loop.start()
                datagramLoops.append(loop)
                port = loop.port
                listening.append((.udp, Endpoint(host: host, port: port)))
            } else if configuration.transports.contains(.udp) {
                let channel = try await bindUDP(
                    host: host,
                    port: port,
                    rateLimit: configuration.rateLimit,
                    counters: counters,
                    impairments: impairments,
                    events: events,
                    group: group
                )
                channels.append(channel)
                port = channel.localAddress?.port ?? port
                listening.append((.udp, Endpoint(host: host, port: port)))
            }
        } catch {
            for channel in channels { try? await channel.close() }
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
            channels: channels,
            datagramLoops: datagramLoops,
            streamLoops: streamLoops
        )
    }

    private static func bindUDP(
        host: String,
        port: Int,
        rateLimit: Int?,
        counters: ServerCounters,
        impairments: Impairments,
        events: EventChannel<ServerEvent>,
        group: any EventLoopGroup
    ) async throws -> any Channel {
        let bootstrap = DatagramBootstrap(group: group)
            // A vectored read (recvmmsg) shares one buffer among its messages: give each the largest datagram. The
            // buffer is reused from read to read, and only the pages datagrams reach are ever touched.
            .channelOption(.datagramVectorReadMessageCount, value: Self.datagramsPerRead)
            .channelOption(.maxMessagesPerRead, value: UInt(Self.readsPerEvent))
            .channelOption(
                .recvAllocator,
                value: FixedSizeRecvByteBufferAllocator(capacity: Self.datagramsPerRead * 65_536)
            )
            .channelInitializer { channel in
                // The handler reads its own port from the socket once it is bound: here, before the bind, the
                // socket's address says port 0.
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        UDPUpperHandler(
                            answerer: DatagramAnswerer(
                                counters: counters,
                                events: events,
                                impairments: impairments,
                                rateLimit: rateLimit
                            )
                        )
                    )
                }
            }
        do {
            return try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw ShoutNetError.binding(error, host: host, port: port, transport: "udp")
        }
    }

    private static func bindTCP(
        host: String,
        port: Int,
        maxConnections: Int,
        counters: ServerCounters,
        events: EventChannel<ServerEvent>,
        group: any EventLoopGroup
    ) async throws -> any Channel {
        let nextID = Atomic<Int>(0)
        let bootstrap = ServerBootstrap(group: group)
            // As deep an accept queue as the system allows (SOMAXCONN), so a class connecting at once is never refused.
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // The cap is held where connections are accepted, one at a time (see ConnectionGate).
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionGate(maxConnections: maxConnections, counters: counters, events: events)
                    )
                }
            }
            // (NIO sets TCP_NODELAY on the listening socket; accepted sockets inherit it. LoopbackTests checks.)
            .childChannelInitializer { channel in
                let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
                return channel.eventLoop.makeCompletedFuture {
                    try configureConnection(channel)
                    try channel.pipeline.syncOperations.addHandler(
                        TCPUpperHandler(id: id, counters: counters, events: events)
                    )
                }
            }
        do {
            return try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw ShoutNetError.binding(error, host: host, port: port, transport: "tcp")
        }
    }

    /// Sets a new connection's options in place (the bootstrap's child options would chain a future per option, a
    /// cost every one-line connection pays).
    private static func configureConnection(_ channel: any Channel) throws {
        guard let options = channel.syncOptions else { return }
        try options.setOption(.allowRemoteHalfClosure, value: true)
        // Backpressure bounds: a connection holds at most about high-water + 4 reads of unsent replies.
        try options.setOption(
            .writeBufferWaterMark,
            value: ChannelOptions.Types.WriteBufferWaterMark(
                low: 16 * 1024,
                high: 64 * 1024
            )
        )
        try options.setOption(.maxMessagesPerRead, value: 4)
        // Each connection keeps its receive buffer between reads: start it small (a textbook line is short; it grows
        // while reads fill it), so ten thousand idle connections do not hold 2 KiB each.
        try options.setOption(
            .recvAllocator,
            value: AdaptiveRecvByteBufferAllocator(
                minimum: 64,
                initial: 256,
                maximum: 65_536
            )
        )
    }

    /// Stops listening and closes every socket.
    public func stop() async {
        for channel in channels { try? await channel.close() }
        for loop in datagramLoops { await loop.stop() }
        for loop in streamLoops { await loop.stop() }
        events.finish()
    }
}
