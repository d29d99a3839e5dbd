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

    /// A port the textbook TCP server has just served one client on and closed: its end of the connection is in
    /// TIME-WAIT, and nothing listens. `reuse`: that server had set `SO_REUSEADDR` (the textbook's does not).
    static func portLeftInTimeWait(reuse: Bool) async throws -> Int {
        let run = try await ProcessRunner.peer("time_wait.py", reuse ? ["--reuse"] : [])
        let port = try #require(Int(run.text.trimmingCharacters(in: .whitespacesAndNewlines)), "\(run.error)")
        // The kernel's table says so (state 06 is TIME-WAIT; the last ACK may still be on its way), or this test
        // would prove nothing.
        let hexPort = ":" + String(format: "%04X", port) + " "
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            // Read to its end: `String(contentsOfFile:)` stops after the first 4 KiB of a file in /proc.
            let file = try #require(FileHandle(forReadingAtPath: "/proc/net/tcp"))
            let table = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
            try file.close()
            if table.split(separator: "\n").contains(where: { $0.contains(hexPort) && $0.contains(" 06 ") }) {
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("port \(port) never showed a TIME-WAIT connection in /proc/net/tcp")
    }

    @Test("a port left in TIME-WAIT by a server that set SO_REUSEADDR is free for the server at once")
    func timeWaitWithReuse() async throws {
        let port = try await Self.portLeftInTimeWait(reuse: true)
        _ = try await ShoutServerProcess.with(["--port", "\(port)"]) { serving, _ in
            #expect(serving == port)
            let reply = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "again"])
            #expect(reply.text == "AGAIN")
        }
    }

    @Test("after the textbook TCPServer, whose closed connection holds the port, the server says so and waits")
    func timeWaitWithoutReuse() async throws {
        let port = try await Self.portLeftInTimeWait(reuse: false)
        try await TmuxSession.with { session, _ in
            try await session.run("shout server --headless --port \(port); echo status $?")
            let screen = try await session.waitFor(text: "no listener, but connections")
            let said = screen.joined(separator: " ")
            #expect(said.contains("Port \(port)/tcp has no listener"), "\(said)")
            #expect(said.contains("TIME-WAIT"), "\(said)")
            #expect(!said.contains("already in use"), "\(said)")
            // It waits for the port rather than giving up: still running, until Ctrl-C.
            #expect(!screen.contains { $0.hasPrefix("status") })
            try await session.press("C-c")
            try await session.waitFor(text: "status 130")
        }
    }

    @Test("a host name that does not resolve is one sentence about the name")
    func unknownHost() async throws {
        let run = try await ProcessRunner.shout(
            ["server", "--headless", "--host", "no-such-host.invalid", "--port", "0"]
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

    @Test("--tcp-only (or --tcp) serves no UDP, --udp-only (or --udp) no TCP", arguments: ["--tcp-only", "--tcp"])
    func singleTransport(tcpOnly: String) async throws {
        _ = try await ShoutServerProcess.with([tcpOnly]) { port, server in
            let tcp = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "x"])
            #expect(tcp.text == "X")
            #expect(!server.lines.contains { $0.contains("listening udp") })
        }
        _ = try await ShoutServerProcess.with([tcpOnly == "--tcp" ? "--udp" : "--udp-only"]) { port, server in
            let udp = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "y"])
            #expect(udp.text == "Y")
            #expect(!server.lines.contains { $0.contains("listening tcp") })
        }
    }
}
