import Foundation
import Testing

/// Signals and the terminal: suspend and resume, hang-up, and a terminal without UTF-8.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SignalTests {
    @Test("SIGTSTP suspends with the terminal restored, fg redraws, SIGHUP restores and prints the summary")
    func suspendResumeHangUp() async throws {
        try await TmuxSession.with { session, _ in
            try await session.run("shout server --port 0")
            try await session.waitFor(text: "Replies sent")
            let port = try await session.shownPort()
            let server = "\(try await session.foregroundProcess())"
            _ = try await ProcessRunner.run("/bin/kill", ["-TSTP", server])
            let suspended = try await session.waitFor(text: "Stopped")
            #expect(!suspended.contains { $0.contains("Replies sent") })
            try await session.run("fg")
            try await session.waitFor(text: "Replies sent")
            // Still serving after the round trip.
            let reply = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "back"])
            #expect(reply.text == "BACK")
            try await session.waitFor(text: "BACK")
            _ = try await ProcessRunner.run("/bin/kill", ["-HUP", server])
            let restored = try await session.waitFor(text: "stopped: received")
            #expect(!restored.contains { $0.contains("Replies sent") })
        }
    }

    @Test("with LANG=C the server screen uses ASCII borders and still works")
    func asciiTerminal() async throws {
        try await TmuxSession.with(environment: ["LANG": "C", "LC_ALL": "C"]) { session, _ in
            try await session.run("shout server --port 0")
            let screen = try await session.waitFor(text: "Replies sent")
            let port = try await session.shownPort()
            #expect(screen.contains { $0.hasPrefix("+") && $0.contains("-") })
            #expect(!screen.joined().contains("─"))
            _ = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "plain ascii"])
            try await session.waitFor(text: "PLAIN ASCII")
            try await session.press("q")
            try await session.waitFor(text: "stopped: received")
        }
    }

    @Test("a failure inside the UI restores the terminal first, then shows the error")
    func failureInsideTheUI() async throws {
        try await TmuxSession.with { session, _ in
            try await session.run("SHOUT_TEST_FAIL_IN_UI=1 shout server --port 0")
            let screen = try await session.waitFor(text: "Fatal error: Index out of range")
            #expect(screen.contains { $0.contains("failing on purpose inside the UI") })
            #expect(!screen.contains { $0.contains("Replies sent") || $0.contains("┌") })
            try await session.run("stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon -e isig | tr '\\n' ' '; echo")
            try await session.waitFor(text: "isig icanon echo")
        }
    }

    @Test("NO_COLOR turns colours off; the screen is the same text")
    func noColor() async throws {
        for noColor in [false, true] {
            try await TmuxSession.with(environment: noColor ? ["NO_COLOR": "1"] : [:]) { session, _ in
                try await session.run("shout server --port 0")
                try await session.waitFor(text: "Replies sent")
                let styled = try await session.tmux(["capture-pane", "-p", "-e", "-t", "shout:0.0"])
                // tmux writes colours as SGR 30–37, 90–97 or 38;… (foreground) and 40–47 or 48;… (background).
                let colour = try Regex(#"\x1b\[[0-9;]*(3[0-8]|4[0-8]|9[0-7])[;m]"#)
                #expect(styled.contains(colour) == !noColor, "NO_COLOR=\(noColor)")
                try await session.press("q")
                try await session.waitFor(text: "stopped: received")
            }
        }
    }

    @Test("a closed output pipe does not kill the headless server (SIGPIPE is ignored)")
    func closedPipe() async throws {
        // The server's output is a pipe whose reader reads the port from the first lines and then closes it; the
        // server is then kept busy for half a second (each reply is a log line written into the closed pipe, in
        // batches every 20 ms), and must still be alive and answering. (Python restores SIGPIPE's default action
        // in the child, so only the server's own handling keeps it alive.)
        let script = """
            import socket, subprocess, sys, time
            server = subprocess.Popen([sys.argv[1], "server", "--headless", "--host", "127.0.0.1", "--port", "0"],
                                      stdout=subprocess.PIPE)
            port = None
            while port is None:
                line = server.stdout.readline().decode()
                if not line:
                    sys.exit("the server ended before it listened")
                if "listening udp" in line:
                    port = int(line.rsplit(":", 1)[1])
            server.stdout.close()
            def ask(text):
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.settimeout(5)
                    s.sendto(text, ("127.0.0.1", port))
                    return s.recvfrom(2048)[0]
            answered = 0
            until = time.time() + 0.5
            while time.time() < until:
                answered += ask(b"one") == b"ONE"
            alive = server.poll() is None
            last = ask(b"three")
            server.terminate()
            server.wait()
            print(alive, answered > 0, last.decode())
            """
        let run = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, TestPaths.shout])
        #expect(run.text == "True True THREE\n", "\(run.text) \(run.error)")
    }
}
