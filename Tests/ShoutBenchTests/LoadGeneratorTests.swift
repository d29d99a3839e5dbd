import NIOCore
import NIOPosix
import ShoutCore
import ShoutServerNet
import Synchronization
import Testing

@testable import ShoutBench

/// `shout bench`'s engine on real loopback sockets, for a fraction of a second each.
@Suite(.timeLimit(.minutes(1)))
struct LoadGeneratorTests {
    let group = MultiThreadedEventLoopGroup.singleton

    /// A UDP server for tests that answers the way `answer` says (nil: no reply).
    final class OddUDPServer: ChannelInboundHandler, @unchecked Sendable {
        // @unchecked: used only on its channel's event loop.
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        private var count = 0
        private let answer: @Sendable (Int, [UInt8]) -> [UInt8]?
        init(answer: @escaping @Sendable (Int, [UInt8]) -> [UInt8]?) { self.answer = answer }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            count += 1
            guard let reply = answer(count, Array(envelope.data.readableBytesView)) else { return }
            context.writeAndFlush(
                wrapOutboundOut(
                    AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: reply))
                ),
                promise: nil
            )
        }
    }

    func startOddServer(_ answer: @escaping @Sendable (Int, [UInt8]) -> [UInt8]?) async throws -> any Channel {
        try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OddUDPServer(answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func configuration(
        _ mode: BenchConfiguration.Mode,
        port: Int,
        clients: Int = 2,
        window: Int = 4,
        timeout: Duration = .milliseconds(100),
        duration: Duration = .milliseconds(400)
    ) -> BenchConfiguration {
        BenchConfiguration(
            server: Endpoint(host: "127.0.0.1", port: port),
            mode: mode,
            clients: clients,
            window: window,
            size: 32,
            duration: duration,
            timeout: timeout
        )
    }

    @Test("its counts match what the server saw", arguments: [BenchConfiguration.Mode.udp, .tcp, .tcpOneshot])
    func countsMatchServer(mode: BenchConfiguration.Mode) async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        // A generous timeout: on a busy machine a reply may take a while, and this test is about counting.
        let report = try await LoadGenerator.run(
            configuration(mode, port: server.port, timeout: .seconds(2)),
            group: group
        )
        let lineBytes = mode == .tcp ? 33 : 32
        // The server counts a one-shot connection's close after its reply went out: wait until it has counted all.
        let deadline = ContinuousClock.now + .seconds(5)
        while server.counters.snapshot.bytesOut < report.tally.replies * lineBytes && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let seen = server.counters.snapshot
        await server.stop()
        #expect(report.tally.replies > 0)
        #expect(report.tally.lost == 0)
        #expect(report.tally.bad == 0)
        #expect(report.tally.sent == report.tally.replies)
        #expect(seen.bytesIn == report.tally.sent * lineBytes)
        #expect(seen.bytesOut == report.tally.replies * lineBytes)
        if mode == .tcpOneshot { #expect(seen.connectionsAccepted == report.tally.sent) }
        #expect(report.percentile(50) > 0)
    }

    @Test("a server that drops every other datagram shows 50 % loss")
    func halfLost() async throws {
        let server = try await startOddServer { count, request in
            count % 2 == 0 ? nil : Uppercasing.uppercased(request)
        }
        let port = try #require(server.localAddress?.port)
        let report = try await LoadGenerator.run(
            // Two seconds: each lost datagram holds one of the 8 slots for its 300 ms timeout, so 0.4 s made about 20
            // round trips in all, on the edge of what the test needs (16 once, with the whole suite running).
            configuration(.udp, port: port, clients: 1, window: 8, timeout: .milliseconds(300), duration: .seconds(2)),
            group: group
        )
        try await server.close()
        // On a busy machine an answer can come after its timeout: it is then counted lost and late. So the answered
        // are the replies plus the late ones, the unanswered the lost minus the late ones.
        let answered = report.tally.replies + report.tally.late
        let unanswered = report.tally.lost - report.tally.late
        #expect(answered + unanswered > 20)
        #expect(abs(answered - unanswered) <= 8, "answered \(answered) unanswered \(unanswered)")
        #expect(report.tally.bad == 0)
    }

    /// Replies a test server sent, right and wrong.
    final class SentReplies: Sendable {
        let right = Atomic<Int>(0)
        let wrong = Atomic<Int>(0)
    }

    /// Round trips the wrong-answers test counts to: four wrong replies among them.
    static let wrongAnswersNeeded = 12

    @Test("a server that answers wrongly is caught: every wrong reply counted wrong, every right one right")
    func wrongAnswers() async throws {
        let sent = SentReplies()
        let server = try await startOddServer { count, request in
            var reply = Uppercasing.uppercased(request)
            if count % 3 == 0 {
                reply[reply.count - 1] = UInt8(ascii: "!")
                sent.wrong.wrappingAdd(1, ordering: .relaxed)
            } else {
                sent.right.wrappingAdd(1, ordering: .relaxed)
            }
            return reply
        }
        let port = try #require(server.localAddress?.port)
        // One request in flight at a time, with a timeout no loopback reply misses: every reply is read and checked,
        // except at most the one in flight when the run ends. The run lasts until the server has answered twelve
        // (four of them wrong), however long a busy machine takes for them: the suite's time limit bounds it.
        var run = configuration(.udp, port: port, clients: 1, window: 1, timeout: .seconds(2))
        run.duration = .seconds(50)
        let report = try await LoadGenerator.run(
            run,
            group: group,
            interrupted: {
                sent.right.load(ordering: .relaxed) + sent.wrong.load(ordering: .relaxed) >= Self.wrongAnswersNeeded
            }
        )
        try await server.close()
        let (right, wrong) = (sent.right.load(ordering: .relaxed), sent.wrong.load(ordering: .relaxed))
        let tally =
            "bad \(report.tally.bad) good \(report.tally.replies) late \(report.tally.late) "
            + "lost \(report.tally.lost); the server sent \(right) right, \(wrong) wrong"
        #expect(right + wrong >= Self.wrongAnswersNeeded, "\(tally)")
        #expect(wrong >= 4, "\(tally)")
        #expect(report.tally.late == 0 && report.tally.lost == 0, "\(tally)")
        #expect((wrong - 1...wrong).contains(report.tally.bad), "\(tally)")
        #expect((right - 1...right).contains(report.tally.replies), "\(tally)")
    }

    @Test("hold opens the connections, and each answers at the start and at the end")
    func hold() async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let report = try await LoadGenerator.run(configuration(.hold, port: server.port, clients: 50), group: group)
        await server.stop()
        let held = try #require(report.held)
        #expect(held.connected == 50)
        #expect(held.answeredAtStart == 50)
        #expect(held.answeredAtEnd == 50)
    }

    @Test("payload ids survive upper-casing and every byte is checked", arguments: [8, 9, 40, 65_507])
    func payloads(size: Int) {
        // Every residue of the tail's first letter (ids 0 to 29), and large ids.
        for id: UInt64 in Array(0..<30) + [12_345_678, 3 << 28 | 77] {
            let request = BenchPayload.request(id: id, size: size)
            let reply = Uppercasing.uppercased(request)
            #expect(BenchPayload.id(ofReply: reply) == id)
            #expect(BenchPayload.isExpectedReply(reply, id: id, size: size))
            var wrong = reply
            wrong[size - 1] = UInt8(ascii: "a")
            #expect(!BenchPayload.isExpectedReply(wrong, id: id, size: size))
            // The allocation-free forms the hot paths use agree with the plain ones.
            var buffer = ByteBuffer()
            BenchPayload.writeRequest(id: id, size: size, into: &buffer)
            #expect(Array(buffer.readableBytesView) == request)
            #expect(reply.withUnsafeBytes { BenchPayload.isExpectedReply($0, id: id, size: size) })
            #expect(!wrong.withUnsafeBytes { BenchPayload.isExpectedReply($0, id: id, size: size) })
            #expect(!reply.withUnsafeBytes { BenchPayload.isExpectedReply($0, id: id + 1, size: size) })
        }
    }
}
