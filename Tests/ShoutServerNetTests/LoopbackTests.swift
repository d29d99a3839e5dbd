import NIOCore
import NIOPosix
import ShoutClientNet
import ShoutCore
import ShoutSockets
import Synchronization
import Testing

@testable import ShoutServerNet

/// The server and the client sockets together, in one process, on port-0 loopback sockets.
@Suite(.timeLimit(.minutes(1)))
struct LoopbackTests {
    /// Collects what a client socket reports.
    final class Inbox: Sendable {
        let events = Mutex<[ClientNetEvent]>([])
        func add(_ event: ClientNetEvent) { events.withLock { $0.append(event) } }
        var replies: [String] {
            events.withLock { list in
                list.compactMap {
                    if case .received(_, let bytes, _) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil }
                }
            }
        }
        func waitForReplies(_ count: Int) async throws -> [String] {
            let deadline = ContinuousClock.now + .seconds(5)
            while replies.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            return replies
        }
    }

    @Test("UDP and TCP on the same port, and the client sockets for both", arguments: [Transport.udp, .tcp])
    func roundTrip(transport: Transport) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        #expect(server.listening.map(\.transport).sorted { $0.rawValue < $1.rawValue } == [.tcp, .udp])
        let inbox = Inbox()
        let socket = try await ClientSocket.open(
            transport,
            to: Endpoint(host: "127.0.0.1", port: server.port),
            group: group,
            report: inbox.add
        )
        let suffix: [UInt8] = transport == .tcp ? [0x0A] : []
        try await socket.send(Array("straße".utf8) + suffix)
        try await socket.send(Array("日本語 ok".utf8) + suffix)
        let replies = try await inbox.waitForReplies(2)
        #expect(replies == ["STRASSE", "日本語 OK"])
        await socket.close()
        await server.stop()
        #expect(server.counters.snapshot.bytesIn == ("straße" + "日本語 ok").utf8.count + 2 * suffix.count)
    }

    @Test("both ends of a TCP connection send each small line at once: TCP_NODELAY is on")
    func noDelay() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let inbox = Inbox()
        let socket = try await ClientSocket.open(
            .tcp,
            to: Endpoint(host: "127.0.0.1", port: server.port),
            group: group,
            report: inbox.add
        )
        try await socket.send(Array("nagle\n".utf8))
        // A reply means the server has accepted the connection and set its options.
        #expect(try await inbox.waitForReplies(1) == ["NAGLE"])
        let sockets = OpenTCPSockets.connected()
        let accepted = sockets.filter { $0.localPort == server.port }
        let client = sockets.filter { $0.peerPort == server.port }
        #expect(accepted.count == 1)
        #expect(client.count == 1)
        for end in accepted + client {
            #expect(OpenTCPSockets.hasNoDelay(end.descriptor), "port \(end.localPort) → \(end.peerPort)")
        }
        await socket.close()
        await server.stop()
    }

    @Test("a second server on the same port fails with a sentence about the port")
    func portInUse() async throws {
        let first = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        await #expect(throws: NetworkError.self) {
            _ = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: first.port))
        }
        do {
            _ = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: first.port))
        } catch let error as NetworkError {
            #expect(
                error.description == "Port \(first.port)/tcp is already in use; is another server running? Try --port."
            )
        }
        await first.stop()
    }

    @Test("a UDP send to a port nobody listens on reports 'port unreachable' at once")
    func portUnreachable() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let inbox = Inbox()
        let probe = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let port = probe.port
        await probe.stop()
        let socket = try await ClientSocket.open(
            .udp,
            to: Endpoint(host: "127.0.0.1", port: port),
            group: group,
            report: inbox.add
        )
        let deadline = ContinuousClock.now + .seconds(10)
        var sawUnreachable = false
        var nextSend = ContinuousClock.now
        while !sawUnreachable, ContinuousClock.now < deadline {
            // Sent again every half second: the kernel's global ICMP rate limit (icmp_msgs_per_sec) may suppress
            // one port unreachable while the whole suite sends to closed ports at once.
            if ContinuousClock.now >= nextSend {
                try await socket.send(Array("anyone?".utf8))
                nextSend = .now + .milliseconds(500)
            }
            sawUnreachable = inbox.events.withLock { list in
                list.contains {
                    if case .problem(.udp, let error) = $0 { error.kind == .portUnreachable } else { false }
                }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(sawUnreachable)
        await socket.close()
    }
}
