import NIOCore
import NIOEmbedded
import ShoutCore
import Testing

@testable import ShoutNet

/// The TCP handler driven through an in-memory channel.
@Suite struct TCPUpperHandlerTests {
    func makeChannel() async throws -> (EmbeddedChannel, ServerCounters, EventChannel<ServerEvent>) {
        let counters = ServerCounters()
        let events = EventChannel<ServerEvent>()
        let channel = EmbeddedChannel(handler: TCPUpperHandler(id: 1, counters: counters, events: events))
        try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).get()
        return (channel, counters, events)
    }

    func readAll(_ channel: EmbeddedChannel) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        return bytes
    }

    @Test("replies as bytes arrive, without waiting for a newline (the textbook client sends none)")
    func repliesAtOnce() async throws {
        let (channel, counters, _) = try await makeChannel()
        try channel.writeInbound(ByteBuffer(string: "hello"))
        #expect(try readAll(channel) == Array("HELLO".utf8))
        try channel.writeInbound(ByteBuffer(string: " again\n"))
        #expect(try readAll(channel) == Array(" AGAIN\n".utf8))
        #expect(counters.snapshot.received == 2)
        #expect(channel.isActive)
    }

    @Test("every event of a connection carries its number and its exact counts")
    func eventsCarryTheConnection() async throws {
        let (channel, _, events) = try await makeChannel()
        try channel.writeInbound(ByteBuffer(string: "one"))
        try channel.writeInbound(ByteBuffer(string: "two"))
        channel.pipeline.fireChannelReadComplete()
        let listed = events.drain().events
        #expect(listed.count == 5)  // connected, then a read and its reply twice
        #expect(listed.allSatisfy { $0.connection?.id == 1 })
        let tally = try #require(listed.first?.connection)
        #expect(tally.received == 2 && tally.replied == 2)
    }

    @Test("a character split across two reads is kept whole", arguments: 1..<7)
    func splitCharacter(cut: Int) async throws {
        let (channel, _, _) = try await makeChannel()
        let bytes = Array("aß😀".utf8)
        try channel.writeInbound(ByteBuffer(bytes: bytes[..<cut]))
        try channel.writeInbound(ByteBuffer(bytes: bytes[cut...]))
        #expect(try readAll(channel) == Array("ASS😀".utf8))
    }

    @Test("when the peer closes its side, held bytes go out and the connection closes")
    func halfClose() async throws {
        let (channel, counters, events) = try await makeChannel()
        try channel.writeInbound(ByteBuffer(bytes: [0x61, 0xC3]))
        #expect(try readAll(channel) == [0x41])
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try readAll(channel) == [0xC3])
        #expect(!channel.isActive)
        #expect(counters.snapshot.received == 1)
        let closed = events.drain().events.contains {
            if case .closed(1, _, nil) = $0.kind { return true }
            return false
        }
        #expect(closed)
    }

    @Test("an error on the connection closes it and says why")
    func errorCloses() async throws {
        let (channel, _, events) = try await makeChannel()
        channel.pipeline.fireErrorCaught(IOError(errnoCode: 104, reason: "read"))
        #expect(!channel.isActive)
        let reason = events.drain().events.compactMap { event -> String? in
            if case .closed(_, _, let reason) = event.kind { return reason }
            return nil
        }.first
        #expect(reason == "connection reset by peer")
    }
}
