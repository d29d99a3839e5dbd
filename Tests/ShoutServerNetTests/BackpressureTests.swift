import NIOCore
import NIOPosix
import ShoutClientNet
import ShoutCore
import ShoutSockets
import Synchronization
import Testing

@testable import ShoutServerNet

/// Peers that push the server: one that never reads, and more connections than the cap.
@Suite(.timeLimit(.minutes(1)))
struct BackpressureTests {
    let group = MultiThreadedEventLoopGroup.singleton

    /// A client that writes and never reads (auto-read off).
    func connectNonReading(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: group)
            .channelOption(.autoRead, value: false)
            .connect(host: "127.0.0.1", port: port).get()
    }

    @Test("a TCP peer that sends without reading costs bounded memory; other peers are served meanwhile")
    func nonReadingPeer() async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let pusher = try await connectNonReading(port: server.port)
        let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 1 << 20)
        // Push 64 MiB without ever reading a reply; the writes back up once the server stops reading.
        let written = Atomic<Int>(0)
        for _ in 0..<64 {
            pusher.write(chunk).whenSuccess { written.wrappingAdd(1 << 20, ordering: .relaxed) }
        }
        pusher.flush()
        // Wait until the server's intake stalls: bytes received stop growing.
        var last = -1
        var stableFor = 0
        let deadline = ContinuousClock.now + .seconds(10)
        while stableFor < 5 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let now = server.counters.snapshot.bytesIn
            stableFor = now == last ? stableFor + 1 : 0
            last = now
        }
        let received = server.counters.snapshot.bytesIn
        let unsent = server.counters.snapshot.bytesIn - server.counters.snapshot.bytesOut
        #expect(stableFor >= 5, "the server kept reading")
        #expect(received < 32 << 20, "the server took \(received) bytes from a peer that never reads")
        #expect(written.load(ordering: .relaxed) < 64 << 20)
        #expect(unsent < 8 << 20)

        // Meanwhile another peer is served as before.
        let inbox = LoopbackTests.Inbox()
        let other = try await ClientSocket.open(
            .tcp,
            to: Endpoint(host: "127.0.0.1", port: server.port),
            group: group,
            report: inbox.add
        )
        try await other.send(Array("still here\n".utf8))
        #expect(try await inbox.waitForReplies(1) == ["STILL HERE"])

        // Once the peer reads, the server resumes.
        pusher.read()
        try await pusher.setOption(.autoRead, value: true).get()
        let resumed = ContinuousClock.now + .seconds(10)
        while server.counters.snapshot.bytesIn <= received && ContinuousClock.now < resumed {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.counters.snapshot.bytesIn > received)
        try await pusher.close()
        await other.close()
        await server.stop()
    }

    @Test("over --max-connections a new connection is closed at once and counted")
    func maxConnections() async throws {
        let server = try await ShoutServer.start(
            ServerConfiguration(host: "127.0.0.1", port: 0, maxConnections: 3)
        )
        var open: [any Channel] = []
        for _ in 0..<3 { open.append(try await connectNonReading(port: server.port)) }
        let deadline = ContinuousClock.now + .seconds(5)
        while server.counters.snapshot.connectionsOpen < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let extra = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: server.port).get()
        try await extra.closeFuture.get()
        #expect(server.counters.snapshot.connectionsRefused == 1)
        #expect(server.counters.snapshot.connectionsOpen == 3)
        let said = server.events.drain().events.contains {
            if case .problem(let text) = $0.kind { return text.contains("--max-connections") }
            return false
        }
        #expect(said)
        for channel in open { try await channel.close() }
        await server.stop()
    }
}
