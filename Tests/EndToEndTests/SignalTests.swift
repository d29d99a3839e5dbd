import Foundation
import Testing

/// Signals and the terminal: suspend and resume, hang-up, and a terminal without UTF-8.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SignalTests {
    func pid(of pattern: String) async throws -> String {
        let run = try await ProcessRunner.run("/usr/bin/pgrep", ["-f", pattern])
        return try #require(run.text.split(separator: "\n").first.map(String.init))
    }

    @Test("SIGTSTP suspends with the terminal restored, fg redraws, SIGHUP restores and prints the summary")
    func suspendResumeHangUp() async throws {
        let port = try freePort()
        try await TmuxSession.with { session, _ in
            try await session.run("shout server --port \(port)")
            try await session.waitFor(text: "Replies sent")
            let server = try await pid(of: "shout server --port \(port)")
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
        let port = try freePort()
        try await TmuxSession.with(environment: ["LANG": "C", "LC_ALL": "C"]) { session, _ in
            try await session.run("shout server --port \(port)")
            let screen = try await session.waitFor(text: "Replies sent")
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
        let port = try freePort()
        try await TmuxSession.with { session, _ in
            try await session.run("SHOUT_TEST_FAIL_IN_UI=1 shout server --port \(port)")
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
            let port = try freePort()
            try await TmuxSession.with(environment: noColor ? ["NO_COLOR": "1"] : [:]) { session, _ in
                try await session.run("shout server --port \(port)")
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
        let port = try freePort()
        let script = """
            \(TestPaths.shout) server --headless --port \(port) | head -c 1 > /dev/null &
            for attempt in $(seq 50); do python3 \(TestPaths.peer("udp_client.py")) 127.0.0.1 \(port) one \
                > /dev/null 2>&1 && break; sleep 0.1; done
            python3 \(TestPaths.peer("udp_client.py")) 127.0.0.1 \(port) two > /dev/null 2>&1
            python3 \(TestPaths.peer("udp_client.py")) 127.0.0.1 \(port) three
            pkill -f "shout server --headless --port \(port)"
            """
        let run = try await ProcessRunner.run("/bin/bash", ["-c", script])
        #expect(run.text == "THREE", "\(run.error)")
    }
}
