import Foundation
import Testing

/// What the kernel tells any program about its own sockets, on the screens without any capability: each TCP
/// connection's state, smoothed RTT and retransmissions (`TCP_INFO`).
@Suite("Kernel view", .serialized)
struct KernelViewTests {
    /// The Peers row of the connection from local port `port`.
    static func row(_ lines: [String], from port: Int) -> String? {
        lines.first { $0.contains("tcp 127.0.0.1:\(port) ") }
    }

    @Test("a connected client's Peers row says ESTABLISHED and the kernel's RTT; CLOSE_WAIT once its FIN is in")
    func peersRow() async throws {
        try await TmuxSession.with(width: 120, height: 35) { session, _ in
            let port = try await ServerTUITests.startServer(session)
            _ = try await BackgroundProcess.with(
                "/usr/bin/env",
                ["python3", "-u", TestPaths.peer("close_wait_client.py"), "127.0.0.1", "\(port)"]
            ) { client in
                let connected = try await client.line { $0.hasPrefix("connected ") }
                let source = try #require(Int(connected.split(separator: " ")[1]))
                let established = try await session.waitFor(within: .seconds(20)) { lines in
                    Self.row(lines, from: source).map { $0.contains("ESTABLISHED 00:00:") && $0.contains("rtt ") }
                        ?? false
                }
                let row = try #require(Self.row(established, from: source))
                #expect(row.contains("in 1 · out 1"), "\(row)")
                #expect(row.contains("retrans 0"), "\(row)")
                // The peer closes its side while the server still holds replies it does not read.
                kill(client.pid, SIGUSR1)
                // The peer's own deadline is 20 s of sending, then 10 s of taking replies.
                let half = try await client.line(within: .seconds(35)) {
                    $0.hasPrefix("half-closed") || $0.hasPrefix("not in")
                }
                #expect(half == "half-closed")
                let closing = try await session.waitFor(within: .seconds(20)) { lines in
                    Self.row(lines, from: source)?.contains("CLOSE_WAIT") ?? false
                }
                #expect(!closing.contains { $0.contains("closed") && $0.contains("\(source)") })
                try await session.resize(width: 80, height: 24)
                let narrow = try await session.waitFor { lines in
                    lines.first?.hasPrefix("┌") == true
                        && Self.row(lines, from: source).map { $0.contains("CLOSE_WAIT") && $0.contains("rtt ") }
                            ?? false
                }
                #expect(narrow.allSatisfy { $0.count <= 80 })
            }
            try await session.press("q")
            try await session.waitFor { $0.last { !$0.isEmpty } == "$" }
        }
    }

    @Test("the client's status bar over TCP shows the kernel's RTT and retransmissions; the transcript its first word")
    func clientStatusBar() async throws {
        _ = try await ShoutServerProcess.with(["--tcp"]) { port, _ in
            try await TmuxSession.with(width: 120, height: 35) { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --tcp")
                try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                try await ClientTUITests.send("hello kernel", in: session)
                let screen = try await session.waitFor { lines in
                    lines.first?.contains("kernel rtt ") == true && lines.contains { $0.contains("← HELLO KERNEL") }
                }
                let bar = try #require(screen.first)
                #expect(
                    bar.hasPrefix("┌ TCP → 127.0.0.1:\(port) connected ─ sent 1 · replies 1 · lost 0 · rtt "),
                    "\(bar)"
                )
                #expect(bar.contains(" · retrans 0 "), "\(bar)")
                #expect(screen.contains { $0.contains("· the kernel says: ESTABLISHED, smoothed RTT ") })
                try await session.resize(width: 80, height: 24)
                let narrow = try await session.waitFor {
                    $0.first?.hasPrefix("┌ TCP → 127.0.0.1:\(port) ─ sent 1 · replies 1 · lost 0 · kernel rtt ") == true
                }
                #expect(narrow.allSatisfy { $0.count <= 80 })
                try await session.press("C-c")
                try await session.waitFor { $0.last { !$0.isEmpty } == "$" }
            }
        }
    }
}
