import Foundation
import Testing

/// The bound on reply size through the built binary: upper-casing makes UTF-8 text at most 3 times longer (`ΐ`, 2
/// bytes, becomes 6); over TCP the whole reply goes out, over UDP a reply that would pass 65,507 bytes is cut at a
/// character boundary.
@Suite(.timeLimit(.minutes(1)))
struct ReplySizeRuleTests {
    /// Sends `count` × ΐ over `transport` and prints the reply's size, whether it is valid UTF-8, and whether it is
    /// a prefix of (or all of) Python's own upper-casing of the request.
    static let script = """
        import socket, sys
        port, transport, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
        request = "ΐ" * count
        expected = request.upper().encode()
        if transport == "udp":
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            s.settimeout(5)
            s.sendto(request.encode(), ("127.0.0.1", port))
            reply = s.recvfrom(70000)[0]
        else:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(request.encode())
            s.shutdown(socket.SHUT_WR)
            reply = b""
            while True:
                piece = s.recv(65536)
                if not piece:
                    break
                reply += piece
        try:
            reply.decode()
            valid = True
        except UnicodeDecodeError:
            valid = False
        print(len(request.encode()), len(expected), len(reply), valid, expected.startswith(reply), reply == expected)
        """

    static func exchange(port: Int, transport: String, count: Int) async throws -> [String] {
        let run = try await ProcessRunner.run(
            "/usr/bin/env",
            ["python3", "-c", script, "\(port)", transport, "\(count)"]
        )
        #expect(run.status == 0, "\(run.error)")
        return run.text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    @Test("TCP: 40,000 bytes of ΐ come back as the whole 120,000-byte upper-cased text")
    func tcpTriples() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            let result = try await Self.exchange(port: port, transport: "tcp", count: 20_000)
            #expect(result == ["40000", "120000", "120000", "True", "True", "True"], "\(result)")
        }
    }

    @Test("UDP: a 40,000-byte datagram of ΐ gets its reply cut to 65,506 bytes at a character boundary, logged")
    func udpCut() async throws {
        let (_, finished) = try await ShoutServerProcess.with { port, server in
            let result = try await Self.exchange(port: port, transport: "udp", count: 20_000)
            // 120,000 bytes after upper-casing; the last whole 2-byte scalar that fits in 65,507 ends at 65,506.
            #expect(result == ["40000", "120000", "65506", "True", "True", "False"], "\(result)")
            _ = try await server.line { $0.contains("replied udp 127.0.0.1:") }
        }
        #expect(finished.lines.contains { $0.contains("received udp 127.0.0.1:") && $0.contains(" 40,000 B ") })
        #expect(finished.lines.contains { $0.contains("replied udp 127.0.0.1:") && $0.contains(" 65,506 B ") })
    }
}
