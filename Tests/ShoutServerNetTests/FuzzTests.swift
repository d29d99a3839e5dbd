import Foundation
import NIOPosix
import ShoutCore
import ShoutSockets
import Testing

@testable import ShoutServerNet

/// Random bytes from hostile peers: nothing crashes, every reply is what the pure core gives, counters are exact.
@Suite(.timeLimit(.minutes(2)))
struct FuzzTests {
    static let seed: UInt64 = 0x5EED_0F_5A0C7

    /// Random peer input: valid and broken UTF-8, control and escape sequences, and plain bytes.
    static func randomPayload(size: Int, using random: inout SeededGenerator) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("straße".utf8), Array("日本語".utf8), Array("😀".utf8), Array("ΐ".utf8), [0x1B, 0x5B, 0x32, 0x4A],
            [0x1B, 0x5D, 0x30, 0x3B, 0x70, 0x07], [0xC3], [0xE6, 0x97], [0xFF], [0xED, 0xA0, 0x80], [0x00], [0x9B],
            Array("abc XYZ\n".utf8),
        ]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        while bytes.count < size {
            if Bool.random(using: &random) {
                bytes += pieces.randomElement(using: &random)!
            } else {
                bytes.append(UInt8.random(in: 0...255, using: &random))
            }
        }
        return Array(bytes.prefix(size))
    }

    @Test("10,000 random datagrams, sizes 0 to 65,507: every reply equals the core's upper-casing")
    func datagrams() async throws {
        let server = try await ShoutServer.start(
            ServerConfiguration(host: "127.0.0.1", port: 0)
        )
        let port = server.port
        let (sentBytes, mismatches) = try await onOwnThread {
            var random = SeededGenerator(seed: Self.seed)
            let socket = try BlockingSocket(udp: true, port: port)
            var sentBytes = 0
            var mismatches = 0
            for index in 0..<10_000 {
                let size =
                    index % 100 == 0
                    ? Int.random(in: 0...65_507, using: &random) : Int.random(in: 0...300, using: &random)
                let payload = Self.randomPayload(size: size, using: &random)
                try socket.send(payload)
                sentBytes += payload.count
                var expected = Uppercasing.uppercased(payload)
                if expected.count > DatagramReply.maximumPayload {
                    expected.removeSubrange(
                        UTF8Sequence.characterBoundary(in: expected, atMost: DatagramReply.maximumPayload)...
                    )
                }
                let reply = try socket.receive()
                if reply != expected { mismatches += 1 }
            }
            return (sentBytes, mismatches)
        }
        let counters = server.counters.snapshot
        await server.stop()
        #expect(mismatches == 0, "seed \(Self.seed)")
        #expect(counters.received == 10_000, "seed \(Self.seed)")
        #expect(counters.replied == 10_000)
        #expect(counters.bytesIn == sentBytes)
    }

    @Test("100 random TCP streams cut at random points: each stream's reply equals the core's upper-casing")
    func streams() async throws {
        let server = try await ShoutServer.start(
            ServerConfiguration(host: "127.0.0.1", port: 0)
        )
        let port = server.port
        let (totalBytes, wrongStreams) = try await onOwnThread {
            var random = SeededGenerator(seed: Self.seed &+ 1)
            var totalBytes = 0
            var wrongStreams: [Int] = []
            for stream in 0..<100 {
                let bytes = Self.randomPayload(size: Int.random(in: 0...4000, using: &random), using: &random)
                totalBytes += bytes.count
                let socket = try BlockingSocket(udp: false, port: port)
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
                    try socket.send(Array(bytes[start..<end]))
                    start = end
                }
                socket.shutdownWrite()
                var reply: [UInt8] = []
                while true {
                    let piece = try socket.receive()
                    if piece.isEmpty { break }
                    reply += piece
                }
                if reply != Uppercasing.uppercased(bytes) { wrongStreams.append(stream) }
            }
            return (totalBytes, wrongStreams)
        }
        #expect(wrongStreams.isEmpty, "streams \(wrongStreams), seed \(Self.seed &+ 1)")
        // The last connection's close reaches the server after its reply reached us: wait for it, with a deadline.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.counters.snapshot.connectionsOpen > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let counters = server.counters.snapshot
        await server.stop()
        #expect(counters.bytesIn == totalBytes)
        #expect(counters.connectionsAccepted == 100)
        #expect(counters.connectionsOpen == 0)
    }
}

/// Peers that go away badly.
@Suite(.timeLimit(.minutes(1)))
struct ResetTests {
    @Test("a peer that resets in the middle of a large reply costs nothing but its own connection")
    func resetMidReply() async throws {
        let server = try await ShoutServer.start(
            ServerConfiguration(host: "127.0.0.1", port: 0)
        )
        let port = server.port
        try await onOwnThread {
            for _ in 0..<20 {
                let socket = try BlockingSocket(udp: false, port: port)
                try socket.send([UInt8](repeating: UInt8(ascii: "a"), count: 512 * 1024))
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket.descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            }
        }
        // Every connection above is closed with a reset (the socket's deinit, linger 0) while replies are going out.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.counters.snapshot.connectionsOpen > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.counters.snapshot.connectionsOpen == 0)
        let reply = try await onOwnThread {
            let another = try BlockingSocket(udp: false, port: port)
            try another.send(Array("still fine".utf8))
            return try another.receive()
        }
        #expect(reply == Array("STILL FINE".utf8))
        await server.stop()
    }
}
