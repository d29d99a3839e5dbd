import Foundation
import Testing

/// The real `shout client` screen in a tmux pane, against real servers on loopback: what a user would see.
@Suite(.timeLimit(.minutes(2)))
struct ClientTUITests {
    /// A tmux session whose client keeps its history in a fresh temporary folder; closed after `body`.
    static func withSession<Result>(
        width: Int = 110,
        height: Int = 30,
        _ body: (TmuxSession, _ stateHome: String) async throws -> Result
    ) async throws -> Result {
        try await TmuxSession.with(width: width, height: height, body)
    }

    /// Starts `shout client` over UDP against `port` and waits until its socket is ready.
    static func startUDPClient(_ session: TmuxSession, port: Int, arguments: String = "") async throws {
        try await session.run("shout client 127.0.0.1 --port \(port)" + (arguments.isEmpty ? "" : " " + arguments))
        try await session.waitFor(text: "ready")
    }

    /// Types a line into the client and presses Enter.
    static func send(_ line: String, in session: TmuxSession) async throws {
        try await session.type(line)
        try await session.press("Enter")
    }

    @Test("against shout server: UDP replies, F2 and /udp /tcp switch live, history kept, Ctrl-C restores the shell")
    func againstShoutServer() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await Self.withSession { session, stateHome in
                try await session.run("shout client 127.0.0.1 --port \(port)")
                // The status bar shows the socket from its own address to the server's.
                try await session.waitFor(text: " → 127.0.0.1:\(port) · no connection")
                try await Self.send("straße", in: session)
                try await session.waitFor(text: "← STRASSE")
                try await session.press("F2")
                try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                try await Self.send("日本語 😀", in: session)
                try await session.waitFor { screen in
                    screen.contains { $0.contains("← 日本語 😀") && $0.contains("tcp") }
                }
                try await Self.send("/udp", in: session)
                try await session.waitFor(text: "switched to UDP")
                try await Self.send("/tcp", in: session)
                try await session.waitFor(text: "switched to TCP")
                try await Self.send("/connect 127.0.0.1:\(port)", in: session)
                try await Self.send("again", in: session)
                let screen = try await session.waitFor(text: "← AGAIN")
                #expect(screen.first?.contains("sent 3 · replies 3 · lost 0") == true, "\(screen.first ?? "")")
                #expect(screen.last { $0.contains("tcp>") } != nil)

                try await session.press("C-c")
                // The shell's own screen is back: the command line, then a fresh prompt, and no trace of the TUI.
                let restored = try await session.waitFor { screen in
                    let shown = screen.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                    return shown.count == 2 && shown[0].contains("shout client 127.0.0.1") && shown[1] == "$"
                }
                #expect(!restored.contains { $0.contains("┌") || $0.contains("tcp>") || $0.contains("STRASSE") })
                let history = try String(contentsOfFile: stateHome + "/shout/history", encoding: .utf8)
                #expect(history == "straße\n日本語 😀\n/udp\n/tcp\nagain\n")
            }
        }
    }

    @Test("against the textbook UDP server: each line gets its reply")
    func textbookUDPServer() async throws {
        try await TextbookServerProcess.with("udp_server.py") { port in
            try await Self.withSession { session, _ in
                try await Self.startUDPClient(session, port: port)
                for line in ["hello", "straße", "日本語 😀"] { try await Self.send(line, in: session) }
                try await session.waitFor { screen in
                    ["← HELLO", "← STRASSE", "← 日本語 😀"].allSatisfy { reply in screen.contains { $0.contains(reply) } }
                }
                try await session.press("C-c")
            }
        }
    }

    @Test("against the one-shot textbook TCP server: several lines in a row all get replies, reconnecting")
    func textbookTCPServer() async throws {
        try await TextbookServerProcess.with("tcp_server.py") { port in
            try await Self.withSession { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --tcp")
                try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                for line in ["one", "two", "three", "straße"] { try await Self.send(line, in: session) }
                let screen = try await session.waitFor { screen in
                    ["← ONE", "← TWO", "← THREE", "← STRASSE"].allSatisfy { reply in
                        screen.contains { $0.contains(reply) }
                    }
                }
                #expect(screen.contains { $0.contains("reconnected to 127.0.0.1:\(port)") })
                #expect(screen.contains { $0.contains("connection closed by the server") })
                #expect(screen.first?.contains("lost 0") == true, "\(screen.first ?? "")")
                try await session.press("C-c")
            }
        }
    }

    @Test("/save to a folder that does not exist is one line in the transcript, and the client goes on")
    func saveToUnwritablePath() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await Self.withSession { session, _ in
                try await Self.startUDPClient(session, port: port)
                try await Self.send("/save /nonexistent-folder/transcript.txt", in: session)
                try await session.waitFor(text: "cannot save to /nonexistent-folder/transcript.txt")
                try await Self.send("still here", in: session)
                try await session.waitFor(text: "← STILL HERE")
                try await session.press("C-c")
            }
        }
    }

    @Test("/help names the file the history is really kept in")
    func helpNamesHistoryFile() async throws {
        // A UDP port held by a socket that never answers.
        try await HeldPort.with(.silentUDP) { port in
            try await Self.withSession(width: 140) { session, stateHome in
                try await Self.startUDPClient(session, port: port)
                try await Self.send("/help", in: session)
                try await session.waitFor(text: "history is kept in \(stateHome)/shout/history;")
                try await session.press("C-c")
            }
        }
    }

    @Test("at half a projector's width, PgUp after /help reaches the greeting and the keys line, rows not entries")
    func scrollsByRows() async throws {
        // A UDP port held by a socket that never answers.
        try await HeldPort.with(.silentUDP) { port in
            try await Self.withSession(width: 60, height: 20) { session, _ in
                try await Self.startUDPClient(session, port: port)
                try await Self.send("/help", in: session)
                let bottom = try await session.waitFor(text: "↑ more above · PgUp")
                #expect(!bottom.contains { $0.contains("talking to 127.0.0.1") })
                for _ in 0..<8 { try await session.press("PPage") }
                let top = try await session.waitFor { $0.count > 1 && $0[1].contains("talking to 127.0.0.1") }
                #expect(top.contains { $0.contains("keys: Enter sends") })
                #expect(!top.contains { $0.contains("more above") })
                #expect(top.contains { $0.contains("more below · End") })
                try await session.press("C-c")
            }
        }
    }

    @Test("a UDP server that never answers: the line is shown as lost, and the screen goes on")
    func silentUDPServer() async throws {
        try await TextbookServerProcess.with("udp_server.py", ["--silent"]) { port in
            try await Self.withSession { session, _ in
                try await Self.startUDPClient(session, port: port, arguments: "--timeout 0.3")
                try await Self.send("anyone there?", in: session)
                let screen = try await session.waitFor(text: "no reply within 0.3 s")
                #expect(screen.contains { $0.contains("UDP gives no guarantee of delivery") })
                #expect(screen.first?.contains("lost 1") == true, "\(screen.first ?? "")")
                try await session.press("C-c")
            }
        }
    }

    @Test("TERM=dumb: a notice, then the client works line by line as with --plain")
    func dumbTerminal() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await Self.withSession(width: 100, height: 20) { session, _ in
                try await session.run("TERM=dumb shout client 127.0.0.1 --port \(port)")
                let screen = try await session.waitFor(text: "Working line by line instead, as with --plain.")
                #expect(screen.joined().contains("\"dumb\" (from TERM) cannot move the cursor"))
                try await Self.send("straße", in: session)
                try await session.waitFor(text: "STRASSE")
                try await session.press("C-d")
                let after = try await session.waitFor { $0.last { !$0.isEmpty }?.hasPrefix("$") == true }
                #expect(!TmuxSession.showsBorders(after))
            }
        }
    }

    @Test("LANG=C: typed UTF-8 is sent whole, and the screen's arrows and markers are drawn in ASCII, not as ?")
    func cLocale() async throws {
        _ = try await ShoutServerProcess.with { port, server in
            try await TmuxSession.with(width: 100, height: 20, environment: ["LANG": "C", "LC_ALL": "C"]) {
                session,
                _ in
                try await Self.startUDPClient(session, port: port)
                try await Self.send("straße → x", in: session)
                _ = try await server.line { $0.contains("received udp") && $0.contains("\"straße → x\"") }
                let screen = try await session.waitFor(text: "< STRASSE > X")
                // The text typed is not ASCII: a ? for each character that is not, and nothing lost after them.
                #expect(screen.contains { $0.contains("> stra?e > x") }, "\(screen.joined(separator: "\n"))")
                // The screen's own symbols have ASCII forms: the note's arrow, the borders.
                #expect(screen.contains { $0.contains("UDP socket ready: local port") && $0.contains(" > 127.0.0.1:") })
                #expect(!screen.joined().contains("?") || screen.filter { $0.contains("?") }.count == 1)
                try await session.press("C-c")
            }
        }
    }

    @Test("a refused TCP connection is a line and a state, fixed with /connect")
    func refusedThenFixed() async throws {
        // A port held by a TCP socket that does not listen: connections to it are refused.
        try await HeldPort.with(.refusingTCP) { closedPort in
            _ = try await ShoutServerProcess.with { port, _ in
                try await Self.withSession { session, _ in
                    try await session.run("shout client 127.0.0.1 --port \(closedPort) --tcp")
                    try await session.waitFor(text: "refused; is a server running there?")
                    let screen = try await session.waitFor(text: "TCP → 127.0.0.1:\(closedPort) refused")
                    #expect(screen.contains { $0.contains("tcp>") })
                    try await Self.send("/connect 127.0.0.1:\(port)", in: session)
                    try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                    try await Self.send("fixed", in: session)
                    try await session.waitFor(text: "← FIXED")
                    try await session.press("C-c")
                }
            }
        }
    }

    @Test("/ping over TCP against a refused port stops at the first refusal and says so")
    func pingRefusedOverTCP() async throws {
        try await HeldPort.with(.refusingTCP) { port in
            try await Self.withSession { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --tcp")
                try await session.waitFor(text: "refused; is a server running there?")
                try await Self.send("/ping 3", in: session)
                let screen = try await session.waitFor(text: "stopped at ping 1 of 3: the connection was refused")
                #expect(screen.filter { $0.contains("not sent: Ping ") }.count == 1, "\(screen)")
                #expect(!screen.contains { $0.contains("Ping 2 ") }, "\(screen)")
                #expect(!screen.contains { $0.contains("0 sent, 0 received") }, "\(screen)")
                try await session.press("C-c")
            }
        }
    }

    @Test("a port unreachable is one line per line sent, on the line's loss, with /ping as without")
    func unreachableOncePerLine() async throws {
        // Held on TCP: nothing has the number on UDP, so the OS answers each datagram with port unreachable.
        try await HeldPort.with(.refusingTCP) { port in
            // Wide enough that each loss fits on one row.
            try await Self.withSession(width: 160) { session, _ in
                try await Self.startUDPClient(session, port: port)
                try await Self.send("hello", in: session)
                try await session.waitFor(text: "no reply to \"hello\": port unreachable")
                try await Self.send("/ping 2", in: session)
                let screen = try await session.waitFor(text: "2 sent, 0 received, 100% lost")
                let unreachable = screen.filter { $0.contains("unreachable") && !$0.hasPrefix("┌") }
                #expect(unreachable.count == 3, "\(screen)")
                #expect(unreachable.allSatisfy { $0.contains("✗ no reply to \"") }, "\(unreachable)")
                try await session.press("C-c")
            }
        }
    }

    @Test("/connect with a port outside 1-65535 says the port is wrong, and the client stays with its server")
    func connectToABadPort() async throws {
        try await HeldPort.with(.silentUDP) { port in
            try await Self.withSession { session, _ in
                try await Self.startUDPClient(session, port: port)
                try await Self.send("/connect localhost:99999", in: session)
                let screen = try await session.waitFor(
                    text: "'localhost:99999' names port 99999; a port must be from 1"
                )
                #expect(!screen.contains { $0.contains("is not HOST") }, "\(screen)")
                #expect(screen.first?.contains("127.0.0.1:\(port)") == true, "\(screen.first ?? "")")
                try await session.press("C-c")
            }
        }
    }
}
