import Foundation
import ShoutCore
import Testing

/// The real `shout server` in a real terminal (tmux): traffic from the textbook peers shows in the panes, keys work,
/// nothing a peer sends reaches the terminal, and the shell's screen comes back.
@Suite("Server TUI", .serialized)
struct ServerTUITests {
    /// Runs `body` with a fresh tmux session, always closing it.
    static func withSession(
        width: Int = 120,
        height: Int = 35,
        _ body: (TmuxSession) async throws -> Void
    ) async throws {
        try await TmuxSession.with(width: width, height: height) { session, _ in try await body(session) }
    }

    /// Starts `shout server --port 0` in the session's terminal and returns the port it chose (from its header).
    static func startServer(_ session: TmuxSession, arguments: String = "") async throws -> Int {
        try await session.run("shout server --port 0 \(arguments)")
        try await session.waitFor(text: "[Received]")
        return try await session.shownPort()
    }

    static func udp(_ port: Int, _ text: String) async throws {
        _ = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", text])
    }

    /// Whether any line still shows a pane border.
    static func showsBorders(_ lines: [String]) -> Bool { TmuxSession.showsBorders(lines) }

    @Test("traffic shows in the panes; Tab, PgUp, space, x and q do what the footer says")
    func trafficAndKeys() async throws {
        try await Self.withSession { session in
            let port = try await Self.startServer(session)
            try await Self.udp(port, "straße")
            let tcp = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "hello 日本"])
            #expect(tcp.text == "HELLO 日本")
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("udp 127.0.0.1:") && $0.contains("straße") }
                    && lines.contains { $0.contains("udp → 127.0.0.1:") && $0.contains("STRASSE") }
                    && lines.contains { $0.contains("HELLO 日本") }
            }
            #expect(screen[0].contains("shout server ─ udp+tcp :\(port) on"))
            #expect(screen[0].contains("in 2 · out 2"))
            #expect(screen.contains { $0.contains("│ udp 127.0.0.1:") && $0.contains("seen") })
            // The key hints keep the panes' margin inside the border.
            #expect(screen.contains { $0.hasPrefix("│ Tab pane · ") }, "\(screen)")

            try await session.press("Tab")
            try await session.waitFor(text: "[Replies sent]")
            try await session.press("PPage")
            try await session.press("Space")
            try await session.waitFor(text: "PAUSED (0 waiting)")
            try await Self.udp(port, "while paused")
            let paused = try await session.waitFor(text: "PAUSED (2 waiting)")
            #expect(!paused.contains { $0.contains("while paused") })
            #expect(paused[0].contains("in 3 · out 3"))
            try await session.press("Space")
            try await session.waitFor(text: "WHILE PAUSED")

            try await session.press("x")
            try await session.waitFor(text: "73 74 72 61 c3 9f 65")
            try await session.press("x")
            try await session.waitFor(text: "straße")

            try await session.press("q")
            let after = try await session.waitFor { lines in
                lines.contains { $0.contains("stopped: received 3") } && lines.last { !$0.isEmpty } == "$"
            }
            #expect(!Self.showsBorders(after))
        }
    }

    @Test("escape sequences from a peer are shown escaped: the title stays and the screen is not cleared")
    func hostileBytes() async throws {
        try await Self.withSession { session in
            let titleBefore = try await session.tmux(["display-message", "-p", "-t", "shout:0.0", "#{pane_title}"])
            let port = try await Self.startServer(session)
            try await Self.udp(port, "\u{1b}]0;pwned\u{07}")
            try await Self.udp(port, "\u{1b}[2J")
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("\\x1b]0;pwned\\x07") } && lines.contains { $0.contains("\\x1b[2J") }
            }
            #expect(screen[0].contains("shout server"))
            #expect(screen.contains { $0.contains("[Received]") })
            let titleAfter = try await session.tmux(["display-message", "-p", "-t", "shout:0.0", "#{pane_title}"])
            #expect(titleAfter == titleBefore)
            #expect(!titleAfter.contains("pwned"))
            try await session.press("q")
            try await session.waitFor(text: "stopped: received 2")
        }
    }

    @Test("d, l and j change the impairments live and the header says so; at 100 % drop a datagram is shown dropped")
    func impairmentKeys() async throws {
        try await Self.withSession { session in
            let port = try await Self.startServer(session)
            func header(_ screen: [String]) -> String { screen.first ?? "" }
            try await session.press("d")
            try await session.waitFor { header($0).contains("drop 10%") }
            try await session.press("l")
            try await session.waitFor { header($0).contains("delay 100 ms") }
            try await session.press("j")
            try await session.waitFor { header($0).contains("jitter") }
            // Delay cycles 100 → 500 → 0 and jitter toggles off: neither is shown any more.
            try await session.press("l", "l", "j")
            try await session.waitFor { !header($0).contains("delay") && !header($0).contains("jitter") }
            try await session.press("d", "d")
            try await session.waitFor { header($0).contains("drop 100%") }
            // One datagram, sent without waiting for a reply that will not come.
            let send =
                "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'lost one', "
                + "('127.0.0.1', \(port)))"
            _ = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", send])
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("DROPPED lost one") } && header(lines).contains("dropped 1")
            }
            #expect(!screen.contains { $0.contains("LOST ONE") })
            try await session.press("q")
            try await session.waitFor(text: "stopped: received 1 (8 B), replied 0 (0 B), dropped 1")
        }
    }

    @Test(
        "SIGTERM restores the terminal and prints the summary; one thread serves each transport, the screen's yields"
    )
    func sigterm() async throws {
        try await Self.withSession(width: 60, height: 15) { session in
            let port = try await Self.startServer(session)
            try await Self.udp(port, "hi")
            try await session.waitFor(text: "HI")
            let pid = try await session.foregroundProcess()
            // Linux gives each thread its own nice value: the screen's is lower than the serving threads'. One thread
            // serves each transport, every socket of it; no event loop of NIO's serves anything.
            let threads = try Self.threads(pid: pid)
            #expect(!threads.contains { $0.name.hasPrefix("NIO-ELT") }, "\(threads)")
            #expect(threads.filter { $0.name == "shout-ui" }.map(\.nice) == [5], "\(threads)")
            let udp = threads.filter { $0.name == "shout-udp" }
            let tcp = threads.filter { $0.name == "shout-tcp" }
            #expect(udp.map(\.nice) == [0], "\(threads)")
            #expect(tcp.map(\.nice) == [0], "\(threads)")
            // And they are the threads that serve: a datagram wakes the UDP one, a connection the TCP one (each
            // wake-up from poll or epoll_wait is a voluntary context switch of that thread).
            if let udp = udp.first, let tcp = tcp.first {
                try await Self.udp(port, "again")
                try await session.waitFor(text: "AGAIN")
                let tcpReply = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "once"])
                #expect(tcpReply.text == "ONCE")
                let later = try Self.threads(pid: pid)
                let udpLater = try #require(later.first { $0.id == udp.id })
                let tcpLater = try #require(later.first { $0.id == tcp.id })
                #expect(udpLater.wakeUps > udp.wakeUps, "\(udp) then \(udpLater)")
                #expect(tcpLater.wakeUps > tcp.wakeUps, "\(tcp) then \(tcpLater)")
            }
            #expect(kill(pid, SIGTERM) == 0)
            let after = try await session.waitFor { $0.contains { $0.contains("stopped: received 3") } }
            #expect(!Self.showsBorders(after))
        }
    }

    /// One thread of a process: its id, name (`comm`), nice value and voluntary context switches so far.
    struct ThreadInfo: CustomStringConvertible {
        let id: String
        let name: String
        let nice: Int
        let wakeUps: Int
        var description: String { "\(name) (\(id)): nice \(nice), \(wakeUps) voluntary switches" }
    }

    /// Each thread's name, nice value (field 19 of `/proc/PID/task/TID/stat`) and voluntary context switches (from
    /// its `status`).
    static func threads(pid: Int32) throws -> [ThreadInfo] {
        var threads: [ThreadInfo] = []
        let tasks = "/proc/\(pid)/task"
        for thread in try FileManager.default.contentsOfDirectory(atPath: tasks) {
            let name = try String(contentsOfFile: "\(tasks)/\(thread)/comm", encoding: .utf8).trimmingWhitespace()
            let stat = try String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8)
            let status = try String(contentsOfFile: "\(tasks)/\(thread)/status", encoding: .utf8)
            let switches = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
            let wakeUps =
                switches.flatMap { Int(String($0.split(separator: ":").last ?? "").trimmingWhitespace()) } ?? -1
            // The fields after the parenthesised name, which may hold spaces: state is field 3, nice field 19.
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            if fields.count > 16, let nice = Int(fields[16]) {
                threads.append(ThreadInfo(id: thread, name: name, nice: nice, wakeUps: wakeUps))
            }
        }
        return threads
    }

    @Test("an unknown TERM falls back to one line per event, with a notice")
    func unknownTerminal() async throws {
        try await Self.withSession(width: 100, height: 20) { session in
            try await session.run("TERM=no-such-terminal shout server --port 0")
            try await session.waitFor(text: "Writing one line per event instead.")
            let port = try await session.shownPort()
            try await Self.udp(port, "plain")
            try await session.waitFor(text: "replied udp 127.0.0.1:")
            try await session.press("C-c")
            try await session.waitFor(text: "stopped: received 1")
        }
    }

    @Test("TERM=dumb, a terminal that cannot move its cursor, falls back to one line per event, with a notice")
    func dumbTerminal() async throws {
        try await Self.withSession(width: 100, height: 20) { session in
            try await session.run("TERM=dumb shout server --port 0")
            let screen = try await session.waitFor(text: "Writing one line per event instead.")
            #expect(screen.joined().contains("\"dumb\" (from TERM) cannot move the cursor"))
            let port = try await session.shownPort()
            try await Self.udp(port, "plain")
            try await session.waitFor(text: "replied udp 127.0.0.1:")
            try await session.press("C-c")
            let after = try await session.waitFor(text: "stopped: received 1")
            #expect(!Self.showsBorders(after) && !after.contains { $0.hasPrefix("+-") })
        }
    }
}
