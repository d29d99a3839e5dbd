import Foundation
import ShoutCore
import Testing

/// Errors a user can cause when starting the server.
@Suite(.timeLimit(.minutes(1)))
struct ServerErrorTests {
    @Test("a port already in use is one clear sentence and exit status 1")
    func portInUse() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            let second = try await ProcessRunner.shout(["server", "--headless", "--port", "\(port)"])
            #expect(second.status == 1)
            #expect(second.error.contains("Port \(port)/tcp is already in use"), "\(second.error)")
            #expect(second.error.split(separator: "\n").count == 1)
        }
    }

    @Test("bad arguments are refused with a reason")
    func badArguments() async throws {
        let badPort = try await ProcessRunner.shout(["server", "--headless", "--port", "70000"])
        #expect(badPort.status != 0)
        #expect(badPort.error.contains("--port must be from 0 to 65535"), "\(badPort.error)")
        let both = try await ProcessRunner.shout(["server", "--headless", "--udp-only", "--tcp-only"])
        #expect(both.status != 0)
        #expect(both.error.contains("at most one of --udp-only and --tcp-only"))
    }

    @Test("--rate-limit answers a flooding address only so often, and the summary counts the rest as dropped")
    func rateLimit() async throws {
        let (burst, finished) = try await ShoutServerProcess.with(["--rate-limit", "3"]) { port, _ in
            let script = """
                import socket
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.settimeout(0.5)
                for i in range(10):
                    s.sendto(b"flood %d" % i, ("127.0.0.1", \(port)))
                replies = 0
                try:
                    while True:
                        s.recvfrom(2048)
                        replies += 1
                except socket.timeout:
                    pass
                print(replies)
                """
            return try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", script])
        }
        // A burst of 10 from one address within half a second: the bucket holds 3 (and may refill 1 or 2 more).
        let replies = try #require(Int(burst.text.trimmingWhitespace()))
        #expect((3...5).contains(replies), "\(replies) replies")
        #expect(finished.lines.last?.contains("dropped \(10 - replies)") == true, "\(finished.lines.last ?? "")")
    }

    @Test("--udp-only serves no TCP, --tcp-only no UDP")
    func singleTransport() async throws {
        _ = try await ShoutServerProcess.with(["--tcp-only"]) { port, server in
            let tcp = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "x"])
            #expect(tcp.text == "X")
            #expect(!server.lines.contains { $0.contains("listening udp") })
        }
    }
}
