import NIOCore
import NIOEmbedded
import ShoutCore
import Testing

@testable import ShoutNet

/// The UDP handler driven through an in-memory channel.
@Suite struct UDPUpperHandlerTests {
    let peer = try! SocketAddress(ipAddress: "127.0.0.1", port: 50_000)

    func makeChannel(
        impairments: Impairments = Impairments()
    ) throws -> (EmbeddedChannel, ServerCounters, EventChannel<ServerEvent>) {
        let counters = ServerCounters()
        let events = EventChannel<ServerEvent>()
        let handler = UDPUpperHandler(
            answerer: DatagramAnswerer(counters: counters, events: events, impairments: impairments, ownPort: 12000)
        )
        return (EmbeddedChannel(handler: handler), counters, events)
    }

    func datagram(_ text: String, from address: SocketAddress? = nil) -> AddressedEnvelope<ByteBuffer> {
        AddressedEnvelope(remoteAddress: address ?? peer, data: ByteBuffer(string: text))
    }

    @Test("each datagram is answered, upper-cased, to its sender; events and counters follow")
    func answers() throws {
        let (channel, counters, events) = try makeChannel()
        try channel.writeInbound(datagram("straße"))
        try channel.writeInbound(datagram("hi"))
        channel.pipeline.fireChannelReadComplete()
        let first = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(String(buffer: first.data) == "STRASSE")
        #expect(first.remoteAddress == peer)
        let second = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(String(buffer: second.data) == "HI")
        #expect(counters.snapshot == ServerCounters.Snapshot(received: 2, replied: 2, bytesIn: 9, bytesOut: 9))
        let kinds = events.drain().events.map { event -> String in
            switch event.kind {
            case .received: "received"
            case .replied: "replied"
            default: "other"
            }
        }
        #expect(kinds == ["received", "replied", "received", "replied"])
    }

    @Test("replies go out in one batch per read burst, or sooner once they pass the flush threshold")
    func flushesLargeBurstsEarly() throws {
        let (channel, _, _) = try makeChannel()
        // (`writeInbound` ends each read with a read-complete; a burst is several reads before it.)
        func read(_ text: String) { channel.pipeline.fireChannelRead(datagram(text)) }
        let largest = String(repeating: "a", count: DatagramReply.maximumPayload)
        let perThreshold = UDPUpperHandler.flushThreshold / DatagramReply.maximumPayload
        for _ in 0..<perThreshold { read(largest) }
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        read(largest)
        var flushed = 0
        while try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil { flushed += 1 }
        #expect(flushed == perThreshold + 1)

        read("small")
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        channel.pipeline.fireChannelReadComplete()
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil)
    }

    @Test("datagrams from a port below 1024 or from the server's own port are refused, not answered")
    func refusesLoops() throws {
        let (channel, counters, events) = try makeChannel()
        try channel.writeInbound(datagram("echo", from: try SocketAddress(ipAddress: "10.0.0.1", port: 7)))
        try channel.writeInbound(datagram("loop", from: try SocketAddress(ipAddress: "10.0.0.1", port: 12000)))
        channel.pipeline.fireChannelReadComplete()
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        #expect(counters.snapshot.dropped == 2)
        #expect(counters.snapshot.replied == 0)
        let refused = events.drain().events.filter {
            if case .dropped(_, _, _, .refused) = $0.kind { return true }
            return false
        }
        #expect(refused.count == 2)
    }

    @Test("the own port is the one the socket is bound to, and a datagram from it is refused over IPv6 too")
    func refusesOwnBoundPortOverIPv6() async throws {
        let counters = ServerCounters()
        let handler = UDPUpperHandler(
            answerer: DatagramAnswerer(
                counters: counters,
                events: EventChannel<ServerEvent>(),
                impairments: Impairments(),
                ownPort: 12000
            )
        )
        let channel = EmbeddedChannel(handler: handler)
        // Bound by the kernel to port 45678 (what --port 0 gives): that port, not the configured one, is refused.
        channel.localAddress = try SocketAddress(ipAddress: "::", port: 45_678)
        try await channel.connect(to: try SocketAddress(ipAddress: "::1", port: 1)).get()
        for sender in ["::1", "fe80::1", "::ffff:127.0.0.2"] {
            try channel.writeInbound(datagram("loop", from: try SocketAddress(ipAddress: sender, port: 45_678)))
        }
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        #expect(counters.snapshot.dropped == 3)
        try channel.writeInbound(datagram("fine", from: try SocketAddress(ipAddress: "::1", port: 12000)))
        let reply = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(String(buffer: reply.data) == "FINE")
    }

    @Test("--drop 100 drops every datagram and shows it as dropped")
    func dropsAll() throws {
        let (channel, counters, events) = try makeChannel(impairments: Impairments(dropPercent: 100))
        for index in 0..<10 { try channel.writeInbound(datagram("line \(index)")) }
        channel.pipeline.fireChannelReadComplete()
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        #expect(counters.snapshot.received == 10)
        #expect(counters.snapshot.dropped == 10)
        // Each dropped datagram is one event on its own, never a `received` that a watcher must pair with it.
        let kinds = events.drain().events.map(\.kind)
        #expect(kinds.count == 10)
        #expect(kinds.allSatisfy { if case .dropped(.udp, _, _, .impairment) = $0 { true } else { false } })
    }

    @Test("--delay holds the reply back until its time")
    func delays() throws {
        let (channel, counters, _) = try makeChannel(impairments: Impairments(delayMilliseconds: 200))
        try channel.writeInbound(datagram("later"))
        channel.pipeline.fireChannelReadComplete()
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(199))
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        let reply = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(String(buffer: reply.data) == "LATER")
        #expect(counters.snapshot.replied == 1)
    }

    @Test("a reply that upper-casing makes longer than one datagram is cut at a character boundary")
    func oversizedReply() throws {
        // ΐ is 2 bytes and its capital 6: 40,000 bytes in, 120,000 out before the cut.
        let request = ByteBuffer(bytes: Array(repeating: Array("ΐ".utf8), count: 20_000).flatMap { $0 })
        let reply = UDPUpperHandler.reply(to: request, allocator: ByteBufferAllocator())
        #expect(reply.readableBytes == DatagramReply.maximumPayload - 1)
        let text = try #require(String(validating: Array(reply.readableBytesView), as: UTF8.self))
        #expect(text.unicodeScalars.count == (DatagramReply.maximumPayload - 1) / 2)
    }
}

/// `--rate-limit`: replies per second per source address.
@Suite struct RateLimitTests {
    @Test("over the limit, datagrams are dropped and counted as rate-limited; another address is not affected")
    func limits() throws {
        let counters = ServerCounters()
        let events = EventChannel<ServerEvent>()
        let handler = UDPUpperHandler(
            answerer: DatagramAnswerer(
                counters: counters,
                events: events,
                impairments: Impairments(),
                ownPort: 12000,
                rateLimit: 5
            )
        )
        let channel = EmbeddedChannel(handler: handler)
        let flooder = try SocketAddress(ipAddress: "10.0.0.9", port: 40_000)
        let other = try SocketAddress(ipAddress: "10.0.0.10", port: 40_000)
        for _ in 0..<20 {
            try channel.writeInbound(AddressedEnvelope(remoteAddress: flooder, data: ByteBuffer(string: "x")))
        }
        try channel.writeInbound(AddressedEnvelope(remoteAddress: other, data: ByteBuffer(string: "y")))
        var replies = 0
        while try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil { replies += 1 }
        #expect(replies == 6)
        #expect(counters.snapshot.dropped == 15)
        let limited = events.drain().events.filter {
            if case .dropped(_, _, _, .rateLimited) = $0.kind { return true }
            return false
        }
        #expect(limited.count == 15)
    }

    @Test("the limiter refills with time and keeps its table bounded")
    func refillsAndBounded() {
        var limiter = RateLimiter<String>(perSecond: 2, capacity: 100)
        let answers = [
            limiter.allow("a", at: 0), limiter.allow("a", at: 0), limiter.allow("a", at: 1),
            limiter.allow("a", at: 500_000_000),
        ]
        #expect(answers == [true, true, false, true])
        for index in 0..<20_000 { _ = limiter.allow("peer \(index)", at: UInt64(index) * 1000) }
        #expect(limiter.trackedAddresses <= 100)
    }
}

/// Under a flood the server lists what a person can read and counts everything.
@Suite struct EventBudgetFloodTests {
    @Test("10,000 datagrams at once: all answered and counted, few listed, the rest counted as not listed")
    func flood() throws {
        let counters = ServerCounters()
        let events = EventChannel<ServerEvent>(eventsPerSecond: 4000)
        let channel = EmbeddedChannel(
            handler: UDPUpperHandler(
                answerer: DatagramAnswerer(
                    counters: counters,
                    events: events,
                    impairments: Impairments(),
                    ownPort: 12000
                )
            )
        )
        let peer = try SocketAddress(ipAddress: "127.0.0.1", port: 50_000)
        let started = ContinuousClock.now
        for index in 0..<10_000 {
            try channel.writeInbound(AddressedEnvelope(remoteAddress: peer, data: ByteBuffer(string: "line \(index)")))
        }
        channel.pipeline.fireChannelReadComplete()
        var replies = 0
        while try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil { replies += 1 }
        #expect(replies == 10_000)
        #expect(counters.snapshot.received == 10_000)
        #expect(counters.snapshot.replied == 10_000)
        let batch = events.drain()
        // The budget is 400 events per tenth of a second; the flood took `elapsed` tenths (and part of one more).
        let elapsed = started.duration(to: .now).components
        let tenths = Int(elapsed.seconds) * 10 + Int(elapsed.attoseconds / 100_000_000_000_000_000) + 1
        #expect(batch.events.count <= 400 * tenths)
        #expect(batch.events.count + batch.dropped == 20_000)
    }
}
