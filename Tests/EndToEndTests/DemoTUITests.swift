import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `shout demo` in a real terminal (tmux): the client and the server side by side, talking to each other;
/// focus, impairments, marks and the Peers pane's sockets as a user sees them; the shell's screen comes back.
@Suite("Demo TUI", .serialized, .timeLimit(.minutes(2)))
struct DemoTUITests {
    /// Runs `body` with a fresh tmux session whose client history goes to a temporary folder; always closes it.
    static func withSession(
        width: Int = 120,
        height: Int = 35,
        _ body: (TmuxSession) async throws -> Void
    )
        async throws
    {
        try await TmuxSession.with(width: width, height: height) { session, _ in try await body(session) }
    }

    /// The server's half of each line of a side-by-side screen (the right `width - split` columns).
    static func serverSide(_ lines: [String], split: Int = 60) -> [String] {
        lines.map { String($0.dropFirst(split)) }
    }

    /// The client's half of each line of a side-by-side screen.
    static func clientSide(_ lines: [String], split: Int = 60) -> [String] {
        lines.map { String($0.prefix(split)) }
    }

    static func showsBorders(_ lines: [String]) -> Bool { TmuxSession.showsBorders(lines) }

    /// The local port of the client's TCP connection to `port` on loopback, as the kernel reports it.
    static func clientTCPPort(to port: Int) async throws -> Int? {
        let run = try await ProcessRunner.run(
            "/usr/bin/env",
            ["ss", "-Htn", "state", "established", "dst", "127.0.0.1:\(port)"]
        )
        for line in run.lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 4, fields[3] == "127.0.0.1:\(port)" else { continue }
            if let local = fields[2].split(separator: ":").last, let number = Int(local) { return number }
        }
        return nil
    }

    @Test(
        "the UDP Pinger lab on the projector: d raises the drop, /ping 10 ends with statistics the server agrees with"
    )
    func pingerLab() async throws {
        try await Self.withSession { session in
            try await session.run("shout demo --port 0")
            try await session.waitFor { $0.contains { $0.contains("▶ CLIENT: keys here ◀") } }
            try await session.type("/timeout 0.2")
            try await session.press("Enter")
            try await session.press("F6")
            try await session.waitFor(text: "▶ SERVER: keys here ◀")
            try await session.press("d", "d")
            try await session.waitFor { Self.serverSide($0)[1].contains("drop 50%") }
            try await session.press("C-o")
            try await session.waitFor(text: "▶ CLIENT: keys here ◀")
            try await session.type("/ping 10")
            try await session.press("Enter")
            // The statistics line wraps in the client's half; read it as one text.
            let screen = try await session.waitFor(within: .seconds(20)) { lines in
                Self.clientSide(lines).joined(separator: " ").contains("10 sent,")
            }
            // Without the borders and the wrapping's indentation.
            let client = Self.clientSide(screen).joined(separator: " ").replacingOccurrences(of: "│", with: " ")
                .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            let after = try #require(client.range(of: "10 sent, ")?.upperBound)
            let received = try #require(Int(client[after...].prefix { $0.isNumber }))
            // The server's header counts what it answered: the same number.
            #expect(
                Self.serverSide(screen)[1].contains("in 10 · out \(received) "),
                "\(screen.joined(separator: "\n"))"
            )
            #expect(client.contains("\(received) received, \((10 - received) * 10)% lost"))
            try await session.press("C-c")
        }
    }

    @Test("both halves talk; d to 100 % loses the next UDP line; F6 moves focus; TCP, a mark, the sockets, Ctrl-C")
    func sideBySide() async throws {
        try await Self.withSession { session in
            try await session.run("shout demo --port 0")
            let first = try await session.waitFor { lines in
                lines.contains { $0.contains("▶ CLIENT: keys here ◀") } && lines.contains { $0.contains("Received") }
            }
            let port = try await session.shownPort()
            #expect(Self.clientSide(first)[1].contains("UDP → 127.0.0.1:\(port)"))
            #expect(Self.serverSide(first)[1].contains("udp+tcp :\(port)"))
            #expect(Self.serverSide(first).contains { $0.contains("tcp welcoming socket 127.0.0.1:\(port)") })
            #expect(Self.serverSide(first).contains { $0.contains("udp socket 127.0.0.1:\(port)") })
            // The server half hints the impairment keys the demo's story turns on.
            #expect(Self.serverSide(first).contains { $0.contains("· d drop ·") })

            // A line typed on the client side: its reply there, the line and the reply on the server side.
            try await session.type("hello demo")
            try await session.press("Enter")
            try await session.waitFor { lines in
                Self.clientSide(lines).contains { $0.contains("← HELLO DEMO") }
                    && Self.serverSide(lines).contains { $0.contains("hello demo") && $0.contains("HELLO DEMO") }
            }

            // F6 gives the server the keys; d three times drops every datagram; the next UDP line is lost.
            try await session.press("F6")
            try await session.waitFor { lines in
                lines.contains { $0.contains("▶ SERVER: keys here ◀") } && lines.contains { $0.contains("[Received]") }
            }
            try await session.press("d", "d", "d")
            try await session.waitFor { Self.serverSide($0)[1].contains("drop 100%") }
            try await session.press("C-o")
            try await session.waitFor(text: "▶ CLIENT: keys here ◀")
            try await session.type("into the void")
            try await session.press("Enter")
            let lost = try await session.waitFor { lines in
                Self.clientSide(lines).contains { $0.contains("✗ no reply within") }
            }
            #expect(Self.serverSide(lost).contains { $0.contains("DROPPED into") })

            // F2: the client over TCP; the Peers pane shows the connection socket with the client's source port, its
            // state and its counts whole (the server's own end of it left out, as the half is 60 columns wide); the
            // state is the kernel's word for it once the server has asked the kernel.
            try await session.press("F2")
            try await session.waitFor { Self.clientSide($0).contains { $0.contains("connected to 127.0.0.1:\(port)") } }
            try await session.type("over tcp")
            try await session.press("Enter")
            try await session.waitFor { Self.clientSide($0).contains { $0.contains("← OVER TCP") } }
            let source = try #require(try await Self.clientTCPPort(to: port))
            try await session.waitFor { lines in
                Self.serverSide(lines).contains {
                    ($0.contains("tcp 127.0.0.1:\(source)  connected 00:00:")
                        || $0.contains("tcp 127.0.0.1:\(source)  ESTABLISHED 00:00:")) && $0.contains("in 1 · out 1")
                }
            }

            // A mark from the server side shows in its panes and in the client's transcript.
            try await session.press("F6", "m")
            try await session.type("now over TCP")
            try await session.press("Enter")
            try await session.waitFor { Self.serverSide($0).contains { $0.contains("── mark 1: now over TCP ──") } }
            try await session.waitFor { Self.clientSide($0).contains { $0.contains("── mark 1: now over TCP ──") } }

            // And one from the client side shows on the server side too.
            try await session.press("F6")
            try await session.type("/mark from the client")
            try await session.press("Enter")
            try await session.waitFor { Self.clientSide($0).contains { $0.contains("mark 2: from the client") } }
            try await session.waitFor { Self.serverSide($0).contains { $0.contains("mark 2: from the client") } }

            // Ctrl-C leaves from anywhere with the shell's screen back.
            try await session.press("C-c")
            let after = try await session.waitFor { lines in
                lines.contains { $0.contains("demo stopped:") } && lines.last { !$0.isEmpty } == "$"
            }
            #expect(!Self.showsBorders(after))
        }
    }

    @Test("80×24 stacks the halves; a taken port is replaced and said so; a resize lays them side by side; q quits")
    func stackedTakenPortAndResize() async throws {
        // A port another program listens on, held for the whole test.
        try await HeldPort.with(.listeningTCP) { port in
            try await Self.withSession(width: 80, height: 24) { session in
                try await session.run("shout demo --port \(port)")
                let stacked = try await session.waitFor(text: "port \(port) is taken")
                #expect(stacked[0].contains("▶ CLIENT: keys here ◀ (above)"))
                #expect(stacked[1].hasPrefix("┌ UDP → 127.0.0.1:"))
                #expect(!stacked[1].contains(":\(port) "))
                let serverTop = try #require(stacked.firstIndex { $0.hasPrefix("┌ udp+tcp :") })
                #expect(serverTop > 5)
                try await session.type("stacked")
                try await session.press("Enter")
                try await session.waitFor(text: "← STACKED")

                try await session.resize(width: 120, height: 35)
                let wide = try await session.waitFor { lines in
                    lines.count >= 35 && lines[1].hasPrefix("┌ UDP") && Self.serverSide(lines)[1].contains("udp+tcp")
                }
                #expect(wide.contains { $0.contains("← STACKED") })
                // The port's story is in the client's first lines, and the bar keeps its title.
                #expect(Self.clientSide(wide).contains { $0.contains("· port \(port) is taken") })
                #expect(wide[0].contains("shout demo"))

                try await session.press("F6", "q")
                let after = try await session.waitFor { lines in
                    lines.contains { $0.contains("demo stopped:") } && lines.last { !$0.isEmpty } == "$"
                }
                // (Rows above the command line may be old rows tmux pulled back from its history on the resize.)
                let command = try #require(after.lastIndex { $0.contains("shout demo --port") })
                #expect(!Self.showsBorders(Array(after[command...])))
            }
        }
    }
}
