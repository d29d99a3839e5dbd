import NIOCore
import NIOEmbedded
import ShoutCore
import Testing

@testable import ShoutNet

/// The connection cap on the listening socket, in memory: accepted connections count themselves one by one as they
/// arrive, before any of them becomes active.
@Suite struct ConnectionGateTests {
    @Test("a burst of accepted connections: the first N pass, the rest are closed at once, counted and reported")
    func burst() async throws {
        let counters = ServerCounters()
        let events = EventChannel<ServerEvent>()
        let listener = EmbeddedChannel(
            handler: ConnectionGate(maxConnections: 3, counters: counters, events: events)
        )
        let accepted = (0..<5).map { _ in EmbeddedChannel(loop: listener.embeddedEventLoop) }
        for connection in accepted {
            try await connection.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).get()
            // The accepted connections arrive in one read, as NIO's accept loop hands them on.
            listener.pipeline.fireChannelRead(connection as any Channel)
        }
        var passed = 0
        while try listener.readInbound(as: (any Channel).self) != nil { passed += 1 }
        #expect(passed == 3)
        #expect(accepted.map(\.isActive) == [true, true, true, false, false])
        #expect(counters.snapshot.connectionsOpen == 3)
        #expect(counters.snapshot.connectionsAccepted == 3)
        #expect(counters.snapshot.connectionsRefused == 2)
        let problems = events.drain().events.filter {
            if case .problem(let text) = $0.kind { return text.contains("3 connections are open (--max-connections)") }
            return false
        }
        #expect(problems.count == 2)

        // A served connection that closes frees its place for the next one.
        try await accepted[0].close()
        listener.embeddedEventLoop.run()
        #expect(counters.snapshot.connectionsOpen == 2)
        let next = EmbeddedChannel(loop: listener.embeddedEventLoop)
        try await next.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 40_001)).get()
        listener.pipeline.fireChannelRead(next as any Channel)
        #expect(try listener.readInbound(as: (any Channel).self) != nil)
        #expect(next.isActive)
        #expect(counters.snapshot.connectionsOpen == 3)
    }
}
