import Foundation
import Testing

/// The Heartbeat as the server sees it, through the real binary: a lab heartbeat peer that skips sequence numbers,
/// sends one out of order, repeats one and then stops, on the headless log (JSON and text) and on the screen.
@Suite("Heartbeat", .serialized, .timeLimit(.minutes(2)))
struct HeartbeatTests {
    /// The peer's datagrams: 3 comes after 4 and 5 (reordered), 6 never comes (a gap), 7 comes twice.
    static let sequence = ["1", "2", "4", "5", "3", "7", "7"]

    static func object(_ line: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    @Test("the JSON log: each heartbeat's line has its seq, the gaps, reordering and one-way delay; then peer-stopped")
    func jsonLog() async throws {
        let lines = try await ShoutServerProcess.with(["--log-format", "json"]) { port, server in
            _ = try await ProcessRunner.peer(
                "heartbeat_client.py",
                ["\(port)", "0.3", "--behind", "0.25"] + Self.sequence
            )
            _ = try await server.line { $0.contains("\"event\":\"peer-stopped\"") }
            return server.lines
        }.result
        let received = lines.filter { $0.contains("\"event\":\"received\"") }.compactMap(Self.object)
        #expect(received.map { $0["seq"] as? Int } == [1, 2, 4, 5, 3, 7, 7])
        #expect(received.map { $0["gaps"] as? Int } == [0, 0, 1, 1, 0, 1, 1])
        #expect(received.map { $0["missing"] as? String } == ["", "", "3", "3", "", "6", "6"])
        #expect(received.map { $0["reordered"] as? Bool } == [false, false, false, false, true, false, false])
        #expect(received.map { $0["duplicate"] as? Bool } == [false, false, false, false, false, false, true])
        #expect(received.allSatisfy { $0["heartbeat"] as? String == "heartbeat" })
        // On one machine the one-way delay is measured by one clock: a figure, and not an estimate. Each heartbeat
        // says it was sent 250 ms before it was (loopback adds well under a millisecond, a busy machine its lateness
        // in sending and reading): the figure is computed from the time written in it.
        let oneWay = received.map { $0["one_way_ms"] as? Double ?? -1 }
        #expect(oneWay.allSatisfy { $0 >= 249.9 && $0 < 600 }, "\(oneWay)")
        #expect(received.allSatisfy { $0["one_way_estimate"] as? Bool == false })
        // Replies are what they always were: each the upper-cased heartbeat, byte for byte.
        let replied = lines.filter { $0.contains("\"event\":\"replied\"") }.compactMap(Self.object)
        #expect(replied.map { $0["text"] as? String } == received.map { ($0["text"] as? String)?.uppercased() })
        let stopped = try #require(lines.last { $0.contains("\"event\":\"peer-stopped\"") }.flatMap(Self.object))
        #expect(stopped["seq"] as? Int == 7)
        #expect(stopped["gaps"] as? Int == 1)
        #expect(stopped["missing"] as? String == "6")
        #expect(stopped["reorders"] as? Int == 1)
        #expect(stopped["duplicates"] as? Int == 1)
        // Stopped means three of its intervals without one (300 ms here), and never under 3 s: a Pinger's wait for a
        // lost reply is no stop.
        let silent = try #require(stopped["silent_ms"] as? Double)
        let interval = try #require(stopped["interval_ms"] as? Double)
        #expect(silent >= 3 * interval)
        #expect(silent >= 3_000)
        #expect(lines.filter { $0.contains("\"event\":\"peer-stopped\"") }.count == 1)
    }

    @Test("a peer's interval is its own cadence: datagrams that arrive together do not shorten it")
    func intervalFromSendTimes() async throws {
        // Every 0.3 s by the peer's clock, but 2 and 3 arrive together, and 4 and 5: by arrival times the interval
        // would be about 366 ms (0.6 s, almost nothing, 0.6 s, almost nothing, smoothed).
        let lines = try await ShoutServerProcess.with(["--log-format", "json"]) { port, server in
            _ = try await ProcessRunner.peer("heartbeat_client.py", ["\(port)", "0.3", "1", "2+3", "4+5"])
            _ = try await server.line { $0.contains("\"event\":\"peer-stopped\"") }
            return server.lines
        }.result
        let stopped = try #require(lines.last { $0.contains("\"event\":\"peer-stopped\"") }.flatMap(Self.object))
        #expect(stopped["seq"] as? Int == 5)
        let interval = try #require(stopped["interval_ms"] as? Double)
        #expect(abs(interval - 300) < 1, "interval \(interval) ms")
        #expect(lines.filter { $0.contains("\"event\":\"peer-stopped\"") }.count == 1)
    }

    @Test("the text log says the same on the datagrams' lines")
    func textLog() async throws {
        let lines = try await ShoutServerProcess.with { port, server in
            _ = try await ProcessRunner.peer(
                "heartbeat_client.py",
                ["\(port)", "0.3", "--behind", "0.25"] + Self.sequence
            )
            _ = try await server.line { $0.contains(" peer-stopped udp ") }
            return server.lines
        }.result
        let received = lines.filter { $0.contains(" received udp ") }
        #expect(received.count == 7)
        #expect(received[2].contains("[heartbeat seq 4 · gaps 1 (3) · one-way "))
        #expect(received[4].contains("[heartbeat seq 3 · gaps 0 · reordered · reordered so far 1 · one-way "))
        #expect(received[6].contains("· duplicate ·"))
        // Each says it was sent 250 ms before it was: the figure shown is about that.
        let oneWay = received.map { line in
            line.range(of: "· one-way ").flatMap { Double(line[$0.upperBound...].prefix { $0 != " " }) } ?? -1
        }
        #expect(oneWay.allSatisfy { $0 >= 249.9 && $0 < 600 }, "\(oneWay)")
        let stopped = try #require(lines.last { $0.contains(" peer-stopped udp ") })
        #expect(stopped.contains("stopped: last seq 7 "))
        #expect(stopped.hasSuffix("gaps 1 (6)"))
    }

    @Test("any other datagram from a pinging peer ends its stopped: no peer-stopped after it talks")
    func talkingIsNotStopped() async throws {
        // Three heartbeats 0.3 s apart, then the same socket sends two plain lines: "hello" before the peer would
        // count as stopped (3 s after seq 3: three intervals, but never under 3 s), "later" after that moment.
        let (lines, finished) = try await ShoutServerProcess.with(["--log-format", "json"]) { port, server in
            _ = try await ProcessRunner.peer(
                "heartbeat_client.py",
                ["\(port)", "0.3", "1", "2", "3", "say:hello"] + Array(repeating: "-", count: 10) + ["say:later"]
            )
            _ = try await server.line { $0.contains("\"event\":\"received\"") && $0.contains("\"later\"") }
            return server.lines
        }
        let all =
            lines + (String(bytes: finished.output, encoding: .utf8) ?? "").split(separator: "\n").map(String.init)
        #expect(all.contains { $0.contains("\"event\":\"stopped\"") }, "the log ran to its end")
        #expect(!all.contains { $0.contains("\"event\":\"peer-stopped\"") }, "\(lines.joined(separator: "\n"))")
    }

    @Test("the server's screen: a stopped peer that sends a line is seen again, not stopped")
    func screenTalkingPeer() async throws {
        try await TmuxSession.with(width: 160, height: 30) { session, _ in
            let port = try await ServerTUITests.startServer(session)
            let peer = Task {
                try await ProcessRunner.peer(
                    "heartbeat_client.py",
                    ["\(port)", "0.3", "1", "2", "3"] + Array(repeating: "-", count: 13) + ["say:hello"]
                )
            }
            try await session.waitFor { lines in
                lines.contains { $0.contains("udp 127.0.0.1:") && $0.contains("stopped") && $0.contains("in 3 ") }
            }
            _ = try await peer.value
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("udp 127.0.0.1:") && $0.contains("in 4 ") }
            }
            let row = try #require(screen.first { $0.contains("udp 127.0.0.1:") && $0.contains("in 4 ") })
            #expect(!row.contains("stopped"), "\(row)")
            #expect(row.contains(" seen "), "\(row)")
            try await session.type("q")
        }
    }

    @Test("the server's screen: the pinging peer's row shows its seq, gaps, reordering, one-way delay, then stopped")
    func screen() async throws {
        try await TmuxSession.with(width: 160, height: 30) { session, _ in
            let port = try await ServerTUITests.startServer(session)
            _ = try await ProcessRunner.peer("heartbeat_client.py", ["\(port)", "0.3"] + Self.sequence)
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("udp 127.0.0.1:") && $0.contains("stopped") && $0.contains("seq 7") }
            }
            let row = try #require(screen.first { $0.contains("udp 127.0.0.1:") && $0.contains("stopped") })
            #expect(row.contains("in 7 · out 7"), "\(row)")
            #expect(row.contains("seq 7 · gaps 1 (6) · reordered 1 · dup 1 · one-way "), "\(row)")
            #expect(!row.contains("estimate"))
            try await session.type("q")
        }
    }
}
