import Foundation
import Testing

/// The echo-loop guard through the built binary: a datagram whose source port is the server's own UDP port (what a
/// datagram spoofed as another machine's Shout server carries) is refused, counted and logged, never answered, so
/// two servers cannot ping-pong one datagram forever (CERT CA-1996-01).
@Suite(.timeLimit(.minutes(1)))
struct EchoLoopGuardTests {
    /// Sends `ping` from `sender`:`sourcePort` to 127.0.0.1:`port`, then `probe` from an ordinary port, and prints
    /// `answered` or `silent` for the first once the probe's reply is in (the server answers in order, so a reply
    /// to the first would have come before it).
    static let script = """
        import socket, sys, time
        port, sender, source_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
        spoofed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        spoofed.bind((sender, source_port))
        spoofed.sendto(b"ping", ("127.0.0.1", port))
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind((sender, 0))
        probe.settimeout(5)
        probe.sendto(b"probe", ("127.0.0.1", port))
        assert probe.recvfrom(2048)[0] == b"PROBE", "the probe got no reply"
        spoofed.settimeout(0.2)
        try:
            spoofed.recvfrom(2048)
            print("answered")
        except socket.timeout:
            print("silent")
        """

    /// Runs ``script`` against `port`.
    static func send(to port: Int, from sender: String, sourcePort: Int) async throws -> String {
        let run = try await ProcessRunner.run(
            "/usr/bin/env",
            ["python3", "-c", script, "\(port)", sender, "\(sourcePort)"]
        )
        #expect(run.status == 0, "\(run.error)")
        return run.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(
        "a datagram from 127.0.0.2 with the server's own port (chosen by --port 0) is refused, counted and logged",
        arguments: [["--host", "127.0.0.1"], ["--host", "127.0.0.1", "--udp-only"]]
    )
    func ownPortFromAnotherAddress(arguments: [String]) async throws {
        let (port, finished) = try await ShoutServerProcess.with(arguments) { port, server in
            #expect(try await Self.send(to: port, from: "127.0.0.2", sourcePort: port) == "silent")
            _ = try await server.line { $0.contains("replied udp 127.0.0.2:") && $0.contains("\"PROBE\"") }
            return port
        }
        let lines = finished.lines
        #expect(lines.contains { $0.hasSuffix(" refused udp 127.0.0.2:\(port) 4 B \"ping\"") }, "\(lines)")
        #expect(!lines.contains { $0.contains("replied udp 127.0.0.2:\(port) ") }, "\(lines)")
        #expect(lines.last?.hasPrefix("stopped: received 2 (9 B), replied 1 (5 B), dropped 1,") == true, "\(lines)")
    }

    @Test("--log-format json: the refused datagram is a dropped event with reason refused, and the totals count it")
    func ownPortInJSON() async throws {
        let (port, finished) = try await ShoutServerProcess.with(["--host", "127.0.0.1", "--log-format", "json"]) {
            port,
            server in
            #expect(try await Self.send(to: port, from: "127.0.0.2", sourcePort: port) == "silent")
            _ = try await server.line { $0.contains("\"event\":\"replied\"") }
            return port
        }
        let objects = try finished.lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not JSON: \($0)")
        }
        let refused = objects.filter { $0["reason"] as? String == "refused" }
        #expect(refused.count == 1, "\(finished.lines)")
        #expect(refused.first?["event"] as? String == "dropped")
        #expect(refused.first?["peer"] as? String == "127.0.0.2:\(port)")
        #expect(refused.first?["text"] as? String == "ping")
        let stopped = try #require(objects.last)
        #expect(stopped["event"] as? String == "stopped")
        #expect(stopped["dropped"] as? Int == 1)
        #expect(stopped["replied"] as? Int == 1)
    }

    @Test("a datagram from a privileged source port (7, echo) is refused", .enabled(if: getuid() == 0))
    func privilegedPort() async throws {
        let (_, finished) = try await ShoutServerProcess.with(["--host", "127.0.0.1"]) { port, server in
            #expect(try await Self.send(to: port, from: "127.0.0.2", sourcePort: 7) == "silent")
            _ = try await server.line { $0.contains("replied udp 127.0.0.2:") }
        }
        #expect(finished.lines.contains { $0.hasSuffix(" refused udp 127.0.0.2:7 4 B \"ping\"") }, "\(finished.lines)")
    }

    /// Sends `ping` as a raw UDP datagram from `source`:`port` to `destination`:`port`, the way a spoofed datagram is
    /// made (the source is anything the sender writes; needs CAP_NET_RAW), then `probe` from an ordinary socket to
    /// the same server, and waits for the probe's reply.
    static let spoofScript = """
        import socket, struct, sys
        family, source, destination, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        inet = socket.AF_INET6 if family == "6" else socket.AF_INET
        raw = socket.socket(inet, socket.SOCK_RAW, socket.IPPROTO_UDP)
        if family == "6":
            raw.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_CHECKSUM, 6)  # the kernel fills in the UDP checksum
        raw.bind((source, 0))
        payload = b"ping"
        raw.sendto(struct.pack("!HHHH", port, port, 8 + len(payload), 0) + payload, (destination, 0))
        probe = socket.socket(inet, socket.SOCK_DGRAM)
        probe.settimeout(5)
        probe.sendto(b"probe", (destination, port))
        assert probe.recvfrom(2048)[0] == b"PROBE", "the probe got no reply"
        """

    @Test(
        "the default dual-stack server refuses a spoofed datagram from its own port, over IPv4 and IPv6",
        .enabled(if: getuid() == 0),
        arguments: [("4", "127.0.0.2", "127.0.0.1"), ("6", "::1", "::1")]
    )
    func spoofed(family: String, source: String, destination: String) async throws {
        let (port, finished) = try await ShoutServerProcess.with { port, server in
            let run = try await ProcessRunner.run(
                "/usr/bin/env",
                ["python3", "-c", Self.spoofScript, family, source, destination, "\(port)"]
            )
            #expect(run.status == 0, "\(run.error)")
            _ = try await server.line { $0.contains(" replied udp ") && $0.contains("\"PROBE\"") }
            return port
        }
        let peer = family == "6" ? "[\(source)]:\(port)" : "\(source):\(port)"
        #expect(finished.lines.contains { $0.hasSuffix(" refused udp \(peer) 4 B \"ping\"") }, "\(finished.lines)")
        #expect(!finished.lines.contains { $0.contains("replied udp \(peer) ") }, "\(finished.lines)")
        #expect(finished.lines.last?.contains("replied 1 (5 B), dropped 1,") == true, "\(finished.lines)")
    }

    @Test("the server's screen shows the refused datagram as REFUSED and counts it as dropped")
    func shownOnTheScreen() async throws {
        try await TmuxSession.with { session, _ in
            try await session.run("shout server --host 127.0.0.1 --port 0")
            try await session.waitFor(text: "[Received]")
            let port = try await session.shownPort()
            #expect(try await Self.send(to: port, from: "127.0.0.2", sourcePort: port) == "silent")
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("udp 127.0.0.2:\(port)") && $0.contains("REFUSED ping") }
                    && lines.first?.contains("dropped 1") == true
            }
            #expect(!screen.contains { $0.contains("→ 127.0.0.2:\(port)") }, "\(screen)")
            try await session.press("q")
            try await session.waitFor(text: "stopped: received 2 (9 B), replied 1 (5 B), dropped 1")
        }
    }
}
