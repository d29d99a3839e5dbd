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

    @Test("a host name that does not resolve is one sentence about the name", arguments: ["own", "nio"])
    func unknownHost(loop: String) async throws {
        let run = try await ProcessRunner.shout(
            ["server", "--headless", "--host", "no-such-host.invalid", "--port", "0", "--loop", loop]
        )
        #expect(run.status == 1)
        #expect(run.error.contains("Host 'no-such-host.invalid' not found; check the name"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
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

    @Test("--udp-only serves no TCP, --tcp-only no UDP")
    func singleTransport() async throws {
        _ = try await ShoutServerProcess.with(["--tcp-only"]) { port, server in
            let tcp = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "x"])
            #expect(tcp.text == "X")
            #expect(!server.lines.contains { $0.contains("listening udp") })
        }
    }
}
