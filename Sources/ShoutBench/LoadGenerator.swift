import NIOCore
import NIOPosix
import ShoutCore
import ShoutSockets
import ShoutSystem
import Synchronization

/// `shout bench`'s engine: drives a server with one of the load patterns for a fixed time and counts every reply,
/// loss, late and wrong reply, with latency percentiles.
public enum LoadGenerator {
    /// Live figures, for a progress line.
    public struct Progress: Sendable {
        public var elapsedSeconds: Double
        public var replies: Int
        public var lost: Int
    }

    /// Runs the benchmark. `progress` is called about once a second; `interrupted` ends the run early when true.
    public static func run(
        _ configuration: BenchConfiguration,
        group: any EventLoopGroup,
        progress: @escaping @Sendable (Progress) -> Void = { _ in },
        interrupted: @escaping @Sendable () -> Bool = { false }
    ) async throws -> BenchReport {
        let control = BenchControl()
        let address = try await HostResolver.resolve(
            configuration.server,
            transport: configuration.mode == .udp ? .udp : .tcp,
            group: group
        )
        let started = ContinuousClock.now
        let ticker = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                progress(
                    Progress(
                        elapsedSeconds: seconds(ContinuousClock.now - started),
                        replies: control.replies.load(ordering: .relaxed),
                        lost: control.lost.load(ordering: .relaxed)
                    )
                )
            }
        }
        defer { ticker.cancel() }
        let waitForEnd: @Sendable () async -> Void = {
            let end = started + configuration.duration
            while ContinuousClock.now < end && !interrupted() && !control.unreachable.load(ordering: .relaxed) {
                try? await Task.sleep(for: min(.milliseconds(50), ContinuousClock.now.duration(to: end)))
            }
        }
        switch configuration.mode {
        case .udp, .tcp:
            return try await runWindowed(
                configuration,
                address: address,
                group: group,
                control: control,
                started: started,
                waitForEnd: waitForEnd
            )
        case .tcpOneshot:
            return try await runOneshot(
                configuration,
                address: address,
                group: group,
                control: control,
                started: started,
                waitForEnd: waitForEnd
            )
        case .hold:
            return try await runHold(
                configuration,
                address: address,
                group: group,
                started: started,
                waitForEnd: waitForEnd
            )
        }
    }

    /// UDP and persistent TCP: every socket keeps its window full until the end.
    private static func runWindowed(
        _ configuration: BenchConfiguration,
        address: SocketAddress,
        group: any EventLoopGroup,
        control: BenchControl,
        started: ContinuousClock.Instant,
        waitForEnd: @Sendable () async -> Void
    ) async throws -> BenchReport {
        let tallies = TallyReaders()
        var channels: [any Channel] = []
        var failed = 0
        for client in 0..<configuration.clients {
            do {
                switch configuration.mode {
                case .udp:
                    // Replies come in batches, as the C loadgen reads them (recvmmsg): one slot per datagram in flight.
                    let slot = max(configuration.size, BenchPayload.tagLength) + 64
                    let perRead = min(configuration.window, 64)
                    channels.append(
                        try await DatagramBootstrap(group: group)
                            .channelOption(.datagramVectorReadMessageCount, value: perRead)
                            .channelOption(
                                .recvAllocator,
                                value: FixedSizeRecvByteBufferAllocator(capacity: perRead * slot)
                            )
                            .channelInitializer { channel in
                                channel.eventLoop.makeCompletedFuture {
                                    let handler = UDPBenchHandler(
                                        client: client,
                                        window: configuration.window,
                                        size: configuration.size,
                                        timeout: configuration.timeout,
                                        control: control
                                    )
                                    try channel.pipeline.syncOperations.addHandler(handler)
                                    tallies.add(NIOLoopBound(handler, eventLoop: channel.eventLoop)) { $0.tally }
                                }
                            }
                            .connect(to: address).get()
                    )
                default:
                    channels.append(
                        try await ClientBootstrap(group: group)
                            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                            .channelInitializer { channel in
                                channel.eventLoop.makeCompletedFuture {
                                    let handler = TCPBenchHandler(
                                        client: client,
                                        window: configuration.window,
                                        size: configuration.size,
                                        control: control
                                    )
                                    try channel.pipeline.syncOperations.addHandler(handler)
                                    tallies.add(NIOLoopBound(handler, eventLoop: channel.eventLoop)) { $0.tally }
                                }
                            }
                            .connect(to: address).get()
                    )
                }
            } catch {
                if configuration.mode == .udp { throw error }
                failed += 1
            }
        }
        if configuration.mode == .tcp && channels.isEmpty {
            throw NetworkError.connectionRefused(configuration.server.description)
        }
        await waitForEnd()
        control.isRunning.store(false, ordering: .relaxed)
        if control.unreachable.load(ordering: .relaxed) {
            for channel in channels { try? await channel.close() }
            throw NetworkError.portUnreachable(configuration.server.description)
        }
        let elapsed = seconds(ContinuousClock.now - started)
        // Replies to the last requests still count, over either transport, for as long as a reply may take; then
        // whatever is still out is lost (UDP) or abandoned (TCP). A fixed short grace undercounted TCP replies on a
        // busy machine.
        try? await Task.sleep(for: configuration.timeout)
        var tally = try await tallies.collect()
        tally.failedConnections += failed
        for channel in channels { try? await channel.close() }
        return BenchReport(configuration: configuration, elapsedSeconds: elapsed, tally: tally, held: nil)
    }

    /// The textbook TCP client's pattern: a new connection for every line.
    private static func runOneshot(
        _ configuration: BenchConfiguration,
        address: SocketAddress,
        group: any EventLoopGroup,
        control: BenchControl,
        started: ContinuousClock.Instant,
        waitForEnd: @escaping @Sendable () async -> Void
    ) async throws -> BenchReport {
        let clients = (0..<configuration.clients).map { client in
            OneshotClient.start(
                client: client,
                size: configuration.size,
                address: address,
                eventLoop: group.next(),
                control: control
            )
        }
        await waitForEnd()
        control.isRunning.store(false, ordering: .relaxed)
        var tally = BenchTally()
        for client in clients { tally.add(try await client.get()) }
        return BenchReport(
            configuration: configuration,
            elapsedSeconds: seconds(ContinuousClock.now - started),
            tally: tally,
            held: nil
        )
    }

    /// Opens many connections, answers one line on each, stays idle, answers again at the end.
    private static func runHold(
        _ configuration: BenchConfiguration,
        address: SocketAddress,
        group: any EventLoopGroup,
        started: ContinuousClock.Instant,
        waitForEnd: @Sendable () async -> Void
    ) async throws -> BenchReport {
        var tally = BenchTally()
        var channels: [any Channel] = []
        var answeredAtStart = 0
        // Connect in batches, so the server's accept queue is not overrun by the test itself.
        for batchStart in stride(from: 0, to: configuration.clients, by: 250) {
            let batch = batchStart..<min(configuration.clients, batchStart + 250)
            let results = await withTaskGroup(of: ((any Channel)?, Bool, UInt64).self) { group2 in
                for client in batch {
                    group2.addTask {
                        let request = BenchPayload.request(id: UInt64(client) << 28, size: configuration.size)
                        let startedAt = MonotonicClock.nanoseconds()
                        guard let channel = try? await connectCollecting(address: address, group: group) else {
                            return (nil, false, 0)
                        }
                        let reply = try? await exchange(on: channel, request: request, expected: request.count)
                        let ok =
                            reply.map {
                                BenchPayload.isExpectedReply($0, id: UInt64(client) << 28, size: configuration.size)
                            } ?? false
                        return (channel, ok, MonotonicClock.nanoseconds() &- startedAt)
                    }
                }
                var collected: [((any Channel)?, Bool, UInt64)] = []
                for await result in group2 { collected.append(result) }
                return collected
            }
            for (channel, ok, nanoseconds) in results {
                tally.sent += 1
                if let channel { channels.append(channel) } else { tally.failedConnections += 1 }
                if ok {
                    answeredAtStart += 1
                    tally.recordReply(nanoseconds: nanoseconds)
                } else if channel != nil {
                    tally.bad += 1
                }
            }
        }
        await waitForEnd()
        var answeredAtEnd = 0
        for (index, channel) in channels.enumerated() {
            let id = UInt64(index) << 28 | 1
            let request = BenchPayload.request(id: id, size: configuration.size)
            let startedAt = MonotonicClock.nanoseconds()
            tally.sent += 1
            if let reply = try? await exchange(on: channel, request: request, expected: request.count),
                BenchPayload.isExpectedReply(reply, id: id, size: configuration.size)
            {
                answeredAtEnd += 1
                tally.recordReply(nanoseconds: MonotonicClock.nanoseconds() &- startedAt)
            } else {
                tally.bad += 1
            }
        }
        let elapsed = seconds(ContinuousClock.now - started)
        for channel in channels { try? await channel.close() }
        return BenchReport(
            configuration: configuration,
            elapsedSeconds: elapsed,
            tally: tally,
            held: (channels.count, answeredAtStart, answeredAtEnd)
        )
    }

    private static func connectCollecting(
        address: SocketAddress,
        group: any EventLoopGroup
    ) async throws
        -> any Channel
    {
        try await ClientBootstrap(group: group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ReplyCollector(expected: 0))
                }
            }
            .connect(to: address).get()
    }

    /// Sends `request` on a connection that has a ``ReplyCollector`` and waits for `expected` reply bytes.
    private static func exchange(on channel: any Channel, request: [UInt8], expected: Int) async throws -> [UInt8] {
        let reply = try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<[UInt8]> in
            let promise = channel.eventLoop.makePromise(of: [UInt8].self)
            do {
                let collector = try channel.pipeline.syncOperations.handler(type: ReplyCollector.self)
                collector.expect(expected, promise: promise)
            } catch {
                promise.fail(error)
            }
            channel.writeAndFlush(channel.allocator.buffer(bytes: request), promise: nil)
            return promise.futureResult
        }.get()
        return reply
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Reads every socket's tally on its own event loop at the end of a run.
final class TallyReaders: Sendable {
    private let readers = Mutex<[@Sendable () -> EventLoopFuture<BenchTally>]>([])

    /// Registers a handler (bound to its loop) and how to read its tally.
    func add<Handler>(_ bound: NIOLoopBound<Handler>, _ read: @escaping @Sendable (Handler) -> BenchTally) {
        let reader: @Sendable () -> EventLoopFuture<BenchTally> = {
            bound.eventLoop.submit { read(bound.value) }
        }
        readers.withLock { $0.append(reader) }
    }

    /// The sum of all tallies.
    func collect() async throws -> BenchTally {
        var total = BenchTally()
        for reader in readers.withLock({ $0 }) { total.add(try await reader().get()) }
        return total
    }
}
