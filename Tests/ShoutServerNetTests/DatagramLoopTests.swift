import Foundation
import NIOCore
import NIOPosix
import ShoutCore
import ShoutSockets
import Testing

@testable import ShoutServerNet

#if canImport(Glibc)
import Glibc
#endif

/// The server's own UDP loop on real loopback sockets.
@Suite(.timeLimit(.minutes(1)))
struct DatagramLoopTests {
    static func startServer(
        impairments: Impairments = Impairments()
    ) async throws -> ShoutServer {
        try await ShoutServer.start(
            ServerConfiguration(host: "127.0.0.1", port: 0, transports: [.udp]),
            impairments: impairments
        )
    }

    /// Every datagram the socket has (waiting at most its receive timeout for the next), as text.
    static func drain(_ socket: BlockingSocket) -> [String] {
        var replies: [String] = []
        while let reply = try? socket.receive() { replies.append(String(decoding: reply, as: UTF8.self)) }
        return replies
    }

    @Test(
        "bursts from two senders, a third dropped: every reply is its own request's, to its own sender, counted exactly"
    )
    func burstsWithDrops() async throws {
        let server = try await Self.startServer(impairments: Impairments(drop: 33))
        let (port, counters) = (server.port, server.counters)
        let replies = try await onOwnThread {
            let senders = try [0, 1].map { _ in
                try BlockingSocket(udp: true, port: port, receiveTimeoutMilliseconds: 300)
            }
            var sent = 0
            for burst in 0..<10 {
                // Fifty datagrams back to back, so that the server reads several in one batch and leaves some out.
                for index in 0..<50 {
                    let line = "sender \(index % 2) line \(burst * 50 + index)" + (index % 5 == 0 ? " straße" : "")
                    try senders[index % 2].send(Array(line.utf8))
                }
                sent += 50
                waitOnThisThread { counters.snapshot.received == sent }
            }
            return senders.map(Self.drain)
        }
        let seen = server.counters.snapshot
        await server.stop()

        #expect(seen.received == 500)
        #expect(seen.replied + seen.dropped == 500)
        #expect(seen.dropped > 0 && seen.replied > 0)
        #expect(replies[0].count + replies[1].count == seen.replied)
        for (sender, texts) in replies.enumerated() {
            #expect(Set(texts).count == texts.count, "no reply twice")
            for text in texts {
                #expect(text.hasPrefix("SENDER \(sender) LINE "), "\(text)")
                let number = Int(text.split(separator: " ")[3]) ?? -1
                let suffix = number % 50 % 5 == 0 ? " STRASSE" : ""
                #expect(text == "SENDER \(sender) LINE \(number)" + suffix)
            }
        }
    }

    @Test("--delay holds each reply back; --jitter's held replies all go out, each to its sender")
    func heldReplies() async throws {
        let server = try await Self.startServer(impairments: Impairments(delay: 150))
        let (port, impairments) = (server.port, server.impairments)
        let (first, waited, held) = try await onOwnThread {
            let socket = try BlockingSocket(udp: true, port: port, receiveTimeoutMilliseconds: 2000)
            let start = ContinuousClock.now
            try socket.send(Array("late".utf8))
            let first = try socket.receive()
            let waited = ContinuousClock.now - start
            impairments.set(Impairments(jitter: 80))
            for index in 0..<20 { try socket.send(Array("held \(index)".utf8)) }
            var held: [String] = []
            for _ in 0..<20 { held.append(String(decoding: try socket.receive(), as: UTF8.self)) }
            return (first, waited, held)
        }
        #expect(first == Array("LATE".utf8))
        #expect(waited >= .milliseconds(145))
        #expect(Set(held) == Set((0..<20).map { "HELD \($0)" }))
        let deadline = ContinuousClock.now + .seconds(5)
        while server.counters.snapshot.replied < 21, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(server.counters.snapshot.replied == 21)
        await server.stop()
    }

    @Test(
        "replies held by --delay take at most their room: past it a datagram is dropped as held-full, and listed so"
    )
    func heldRepliesAreBounded() async throws {
        let server = try await Self.startServer(impairments: Impairments(delay: 30_000))
        let (port, counters) = (server.port, server.counters)
        let size = 60_000
        let room = DelayedReplies.room / DelayedReplies.cost(bytes: size)
        let sent = room + 20
        try await onOwnThread {
            let socket = try BlockingSocket(udp: true, port: port)
            // Two at a time, each pair counted before the next: the kernel's receive buffer drops none.
            for index in stride(from: 0, to: sent, by: 2) {
                for _ in index..<min(sent, index + 2) { try socket.send([UInt8](repeating: 0x61, count: size)) }
                waitOnThisThread { counters.snapshot.received == min(sent, index + 2) }
            }
        }
        let seen = counters.snapshot
        let dropped = server.events.drain().events.compactMap { event -> ServerEvent.DropReason? in
            if case .dropped(_, _, _, let reason) = event.kind { return reason }
            return nil
        }
        await server.stop()
        #expect(seen.received == sent)
        #expect(seen.dropped == sent - room, "\(room) held at most")
        #expect(seen.replied == 0, "none due yet")
        #expect(dropped == Array(repeating: .heldFull, count: sent - room))
    }

    @Test(
        "stop wakes the loop, closes the socket and frees the port"
    )
    func stopFreesThePort() async throws {
        let server = try await Self.startServer()
        let port = server.port
        await server.stop()
        await server.stop()
        let again = try await ShoutServer.start(
            ServerConfiguration(host: "127.0.0.1", port: port, transports: [.udp])
        )
        let reply = try await onOwnThread {
            let socket = try BlockingSocket(udp: true, port: port)
            try socket.send(Array("again".utf8))
            return try socket.receive()
        }
        #expect(reply == Array("AGAIN".utf8))
        await again.stop()
    }

    @Test("a second server on the same UDP port fails with the sentence about the port")
    func portInUse() async throws {
        let server = try await Self.startServer()
        await #expect {
            _ = try await ShoutServer.start(
                ServerConfiguration(host: "127.0.0.1", port: server.port, transports: [.udp])
            )
        } throws: { error in
            (error as? NetworkError)?.isPortInUse == true
        }
        await server.stop()
    }

    @Test(
        "a sender's address read in place reads as NIO's does, IPv4-mapped addresses as IPv4",
        arguments: [
            ("127.0.0.1", 50_000), ("10.1.2.3", 1), ("::1", 12_000), ("::ffff:10.0.0.5", 7), ("fe80::1:2", 65_535),
        ]
    )
    func receivedAddressText(host: String, port: Int) throws {
        let address = try SocketAddress(ipAddress: host, port: port)
        var storage = sockaddr_storage()
        address.withSockAddr { pointer, length in
            withUnsafeMutableBytes(of: &storage) {
                $0.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: length))
            }
        }
        let received = withUnsafePointer(to: &storage) { ReceivedAddress(storage: $0).sourceEndpoint }
        #expect(received == address.endpoint)
        #expect(withUnsafePointer(to: &storage) { ReceivedAddress(storage: $0).sourcePort } == port)
        #expect(withUnsafePointer(to: &storage) { ReceivedAddress(storage: $0).sourceAddress } == address.sourceAddress)
    }

    @Test("the rate limiter's key: one sender over IPv4 and IPv4-mapped IPv6 alike, whatever its port; others apart")
    func sourceAddressKey() throws {
        let key = { (host: String, port: Int) in try SocketAddress(ipAddress: host, port: port).sourceAddress }
        #expect(try key("10.0.0.5", 1) == key("::ffff:10.0.0.5", 2))
        #expect(try key("10.0.0.5", 1) != key("10.0.0.6", 1))
        #expect(try key("10.0.0.5", 1) != key("::10.0.0.5", 1))
        #expect(try key("fe80::1", 1) != key("fe80::2", 1))
        #expect(try key("::1", 1) != key("127.0.0.1", 1))
    }

    @Test("poll sleeps until the next held reply is due, rounded up to a millisecond, or for ever when none is held")
    func pollTimeout() {
        #expect(DatagramLoop.pollTimeout(until: nil, now: 5) == -1)
        #expect(DatagramLoop.pollTimeout(until: 5, now: 9) == 0)
        #expect(DatagramLoop.pollTimeout(until: 10, now: 9) == 1)
        #expect(DatagramLoop.pollTimeout(until: 2_000_000, now: 1_000_000) == 1)
        #expect(DatagramLoop.pollTimeout(until: 2_500_000, now: 1_000_000) == 2)
    }

    @Test("held replies come out soonest first, and in the order held when due together")
    func delayedOrder() {
        var delayed = DelayedReplies()
        var address = sockaddr_storage()
        for (due, text) in [(30, "c"), (10, "a"), (20, "b1"), (20, "b2")] {
            withUnsafePointer(to: &address) {
                delayed.hold(Array(text.utf8), to: $0, length: 16, listedAs: nil, due: UInt64(due))
            }
        }
        #expect(delayed.nextDue == 10)
        #expect(delayed.popDue(by: 9) == nil)
        var order: [String] = []
        while let reply = delayed.popDue(by: 25) { order.append(String(decoding: reply.bytes, as: UTF8.self)) }
        #expect(order == ["a", "b1", "b2"])
        #expect(delayed.count == 1)
    }

    @Test(
        "upper-casing in place: ASCII before other bytes reads the same, and a reply that grows is cut to one datagram"
    )
    func uppercaseInPlace() {
        let room = DatagramLoop.slotSize
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: room, alignment: 8)
        defer { buffer.deallocate() }
        func inPlace(_ bytes: [UInt8]) -> [UInt8] {
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            let length = DatagramReply.uppercaseInPlace(buffer, length: bytes.count, room: room)
            return Array(UnsafeRawBufferPointer(start: buffer, count: length))
        }
        for text in ["", "plain ascii, longer than eight bytes", "sixteen ascii by then straße", "ß", "日本語 ok"] {
            #expect(inPlace(Array(text.utf8)) == Uppercasing.uppercased(Array(text.utf8)), "\(text)")
        }
        // "ŉ" (2 bytes) upper-cases to "ʼN" (3 bytes): 30,000 of them would make 90,000.
        let growing = Array(String(repeating: "ŉ", count: 30_000).utf8)
        let reply = inPlace(growing)
        #expect(reply == DatagramReply.unicodeReply(to: growing))
        #expect(reply.count <= DatagramReply.maximumPayload)
        #expect(String(validating: reply, as: UTF8.self) != nil)
    }
}

extension SocketAddress {
    /// The rate limiter's key of this address, made as the loop makes it from the bytes the kernel wrote.
    fileprivate var sourceAddress: SourceAddress { withSockAddr { pointer, _ in SourceAddress(pointer) } }
}
