import Foundation
import Testing

/// `shout check` in a real terminal (tmux): colour only there and only without NO_COLOR, the glyphs the same either
/// way; a signal stops it early with what it has.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct CheckTerminalTests {
    @Test("colour on a terminal, none with NO_COLOR; the glyphs carry the meaning either way")
    func colour() async throws {
        // A server with one defect that survives every check, so both runs see the same: ✓, ✗ and ·.
        try await TextbookServerProcess.with("broken_server.py", ["ascii-upper"]) { port in
            for noColor in [false, true] {
                try await TmuxSession.with(width: 200, height: 20, environment: noColor ? ["NO_COLOR": "1"] : [:]) {
                    session,
                    _ in
                    try await session.run("shout check 127.0.0.1:\(port) --udp --timeout 0.3; echo status=$?")
                    // (A generous deadline: the whole check runs, and a loaded machine is slow to start a debug binary.)
                    let screen = try await session.waitFor(within: .seconds(40)) {
                        $0.contains { $0.hasPrefix("status=") }
                    }
                    let styled = try await session.tmux(["capture-pane", "-p", "-e", "-t", "shout:0.0"])
                    let colour = try Regex(#"\x1b\[[0-9;]*(3[0-8]|9[0-7])[;m]"#)
                    #expect(styled.contains(colour) == !noColor, "NO_COLOR=\(noColor)")
                    #expect(screen.contains { $0.hasPrefix("  ✓ udp.reply") }, "\(screen)")
                    #expect(screen.contains { $0.hasPrefix("  ✗ udp.unicode") })
                    #expect(screen.contains { $0.hasPrefix("  · udp.loss") })
                }
            }
        }
    }

    @Test("at 80 columns each sentence wraps at a space, under itself; on a pipe each check is one line, as before")
    func wrapsAtTheTerminalsWidth() async throws {
        // A server with one defect that survives every check, so both runs see the same sentences.
        try await TextbookServerProcess.with("broken_server.py", ["ascii-upper"]) { port in
            let piped = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--timeout", "0.3"])
            let rows = piped.lines.filter { $0.hasPrefix("  ") }
            #expect(rows.contains { $0.count > 200 }, "\(piped.text)")
            try await TmuxSession.with(width: 80, height: 60, environment: ["NO_COLOR": "1"]) { session, _ in
                try await session.run("shout check 127.0.0.1:\(port) --timeout 0.3; echo status=$?")
                let screen = try await session.waitFor(within: .seconds(40)) { $0.contains { $0.hasPrefix("status=") } }
                let start = try #require(screen.firstIndex(of: "127.0.0.1:\(port)"), "\(screen)")
                let end = try #require(screen.firstIndex { $0.hasPrefix("status=") })
                let shown = screen[(start + 1)..<end]
                // Put the wrapped rows back together: a check's line or the verdict starts an entry, any other row
                // continues it. A row the terminal wrapped by itself would join with a space inside a word.
                var entries: [String] = []
                for row in shown {
                    let starts = ["  ✓ ", "  ✗ ", "  · ", "  FAILED:", "  passed:"].contains { row.hasPrefix($0) }
                    if starts || entries.isEmpty {
                        entries.append(row)
                    } else {
                        entries[entries.count - 1] += " " + row.drop { $0 == " " }
                    }
                }
                // The figures (round trips, ports) differ from run to run; the words may not.
                func words(_ lines: [String]) -> [String] {
                    lines.map { $0.replacing(/[0-9][0-9.,]*/, with: "#") }
                }
                #expect(words(entries) == words(rows), "\(shown.joined(separator: "\n"))")
                #expect(shown.count > rows.count + 10, "\(shown.joined(separator: "\n"))")
                // The sentences hang under their first word, after the glyph and the check's id.
                let hanging = String(repeating: " ", count: 20)
                #expect(shown.filter { $0.hasPrefix(hanging) && $0.dropFirst(20).first != " " }.count > 10)
            }
        }
    }

    @Test("Ctrl-C stops the check early: what did not run is skipped, and it says so", arguments: [SIGINT, SIGTERM])
    func interrupted(signal: Int32) async throws {
        try await TextbookServerProcess.with("broken_server.py", ["newline"]) { port in
            try await TmuxSession.with(width: 160, height: 20) { session, _ in
                let started = ContinuousClock.now
                try await session.run("shout check 127.0.0.1:\(port) --tcp --timeout 20; echo status=$?")
                let check = try await LifetimeTests.pid(of: "shout check 127.0.0.1:\(port)")
                try await Self.waitUntilCaught(signal, by: check)
                #expect(kill(check, signal) == 0)
                let screen = try await session.waitFor(text: "status=1", within: .seconds(30))
                #expect(ContinuousClock.now - started < .seconds(15))
                #expect(
                    screen.contains { $0.contains("tcp.bad-bytes   skipped: the check was interrupted") },
                    "\(screen)"
                )
            }
        }
    }

    /// Waits until process `pid` has a handler for `signal` (its lifetime is running), with a deadline.
    static func waitUntilCaught(_ signal: Int32, by pid: Int32) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let caught = status.split(separator: "\n").first { $0.hasPrefix("SigCgt:") }
            if let mask = caught.flatMap({ UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) }),
                mask & (1 << UInt64(signal - 1)) != 0
            {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("process \(pid) never caught signal \(signal)")
    }
}
