import Foundation
import Testing

/// `shout ping`, the UDP Pinger lab's client, through the real binary on loopback: against the lab's own server,
/// against `shout server --drop` and `--delay`, over TCP, and the lab's own client against `shout server --drop 30`.
@Suite(.timeLimit(.minutes(2)))
struct PingCommandTests {
    /// The sequence number of a ping's text (`PING 3 …`, `Ping 3 …`), if it is one.
    static func seq(_ text: String) -> Int? {
        let words = text.split(separator: " ")
        guard words.count >= 2, words[0].lowercased() == "ping" else { return nil }
        return Int(words[1])
    }

    /// The sequence numbers of the result lines that say `marker` (`Request timed out: seq=`, `late`).
    static func seqs(_ lines: [String], _ marker: String) -> Set<Int> {
        Set(
            lines.filter { $0.contains(marker) }.compactMap { line in
                line.range(of: "seq=").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
            }
        )
    }

    @Test("against the lab's own server (seeded): the statistics are what the server really dropped")
    func labServer() async throws {
        let (finished, answered, dropped) = try await BackgroundProcess.with(
            "/usr/bin/env",
            ["python3", "-u", TestPaths.peer("udp_pinger_server.py"), "0", "--seed", "7"]
        ) { server in
            let port = try await server.line { Int($0) != nil }
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--udp", "--count", "20", "--interval", "0.02", "--timeout", "2"]
            )
            let said = try await server.lines(atLeast: 20) { $0.hasPrefix("dropped ") || $0.hasPrefix("answered ") }
            let dropped = Set(said.filter { $0.hasPrefix("dropped ") }.compactMap { Self.seq(String($0.dropFirst(8))) })
            let answered = Set(
                said.filter { $0.hasPrefix("answered ") }.compactMap { Self.seq(String($0.dropFirst(9))) }
            )
            return (run, answered, dropped)
        }.result
        // The seed makes the server drop some and answer the rest; the figures must be its own.
        #expect(!dropped.isEmpty && !answered.isEmpty)
        #expect(finished.status == 0, "\(finished.error)")
        let lines = finished.lines
        #expect(Self.seqs(lines, "Request timed out") == dropped)
        #expect(Self.seqs(lines, " time=") == answered)
        let lost = Int((Double(dropped.count) * 100 / 20).rounded())
        #expect(lines.contains("20 sent, \(answered.count) received, \(lost)% lost"), "\(finished.text)")
        #expect(lines.contains { $0.hasPrefix("rtt min/avg/max/mdev = ") && $0.hasSuffix(" ms") })
        #expect(lines.contains { $0.hasPrefix("--- 127.0.0.1:") && $0.hasSuffix(" ping statistics ---") })
    }

    @Test("against shout server --drop 30: lost equals the log's dropped count, seq for seq; JSON output")
    func shoutServerDrop() async throws {
        let (run, log) = try await ShoutServerProcess.with(["--drop", "30", "--log-format", "json"]) { port, server in
            let run = try await ProcessRunner.shout(
                [
                    "ping", "127.0.0.1", "--port", "\(port)", "--count", "30", "--interval", "0.01", "--timeout", "2",
                    "--json",
                ]
            )
            let seen = try await server.lines(atLeast: 30) {
                $0.contains("\"event\":\"received\"") || $0.contains("\"event\":\"dropped\"")
            }
            return (run, seen)
        }.result
        let objects = run.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 31, "\(run.text)")
        let droppedSeqs = Set(
            log.filter { $0.contains("\"event\":\"dropped\"") }
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .compactMap { $0["seq"] as? Int }
        )
        let timedOut = Set(objects.filter { $0["status"] as? String == "timeout" }.compactMap { $0["seq"] as? Int })
        #expect(timedOut == droppedSeqs)
        let statistics = try #require(objects.last)
        #expect(statistics["sent"] as? Int == 30)
        #expect(statistics["received"] as? Int == 30 - droppedSeqs.count)
        #expect(statistics["late"] as? Int == 0)
        #expect(statistics["duplicates"] as? Int == 0)
        let replies = objects.filter { $0["status"] as? String == "reply" }
        #expect(replies.allSatisfy { ($0["reply"] as? String)?.hasPrefix("PING ") == true && $0["rtt_ms"] is Double })
        #expect(objects.filter { $0["status"] as? String == "timeout" }.allSatisfy { $0["rtt_ms"] is NSNull })
        #expect(run.status == (droppedSeqs.count == 30 ? 1 : 0))
    }

    @Test("the lab's own client against shout server --drop 30: its timeouts are the datagrams the log dropped")
    func labClient() async throws {
        // Ten pings at 30 % lose none in 2.8 % of runs (0.7^10), and then a timeout and a drop are never compared: a
        // run that loses none (or all) is run again, five runs at most (all five so: about 2 in 10^8).
        for attempt in 1...5 {
            let (run, log) = try await ShoutServerProcess.with(["--drop", "30"]) { port, server in
                let run = try await ProcessRunner.peer("udp_pinger_client.py", ["\(port)", "0.3"])
                let seen = try await server.lines(atLeast: 10) {
                    $0.contains(" received udp ") || $0.contains(" dropped udp ")
                }
                return (run, seen)
            }.result
            let dropped = log.filter { $0.contains(" dropped udp ") }
            if (dropped.isEmpty || dropped.count == 10) && attempt < 5 { continue }
            #expect(!dropped.isEmpty && dropped.count < 10, "five runs of ten pings at 30 % lost none, or all")
            #expect(run.status == 0, "\(run.error)")
            // The client prints one line a ping, in order: its reply, or that it timed out.
            let results = Array(run.lines.prefix(10))
            let timedOut = Set(results.indices.filter { results[$0] == "Request timed out" }.map { $0 + 1 })
            let answered = Set(results.indices.filter { results[$0].hasPrefix("PING \($0 + 1) ") }.map { $0 + 1 })
            #expect(timedOut.count + answered.count == 10, "\(run.text)")
            let droppedSeqs = Set(
                dropped.compactMap { line in
                    line.range(of: "[ping seq ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
                }
            )
            #expect(droppedSeqs.count == dropped.count, "\(dropped)")
            #expect(timedOut == droppedSeqs, "\(run.text)\n\(log.joined(separator: "\n"))")
            #expect(run.lines.last == "loss \(dropped.count * 10)%")
            // The log's lines of lab pings carry the Heartbeat figures: the ones dropped are its gaps.
            #expect(dropped.allSatisfy { $0.contains("dropped here") })
            return
        }
    }

    @Test("--delay past --timeout: each late reply is reported for its own ping, and not counted as received")
    func lateReplies() async throws {
        let run = try await ShoutServerProcess.with(["--delay", "600"]) { port, _ in
            try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--count", "2", "--interval", "0.2", "--timeout", "0.3"]
            )
        }.result
        let lines = run.lines
        #expect(Self.seqs(lines, "Request timed out") == [1, 2], "\(run.text)")
        #expect(Self.seqs(lines, " late: ") == [1, 2])
        for seq in [1, 2] {
            // The late line quotes its own ping's reply, never the other's.
            let late = lines.first { $0.contains("seq=\(seq) late: ") }
            #expect(late?.contains("\"PING \(seq) ") == true)
        }
        #expect(lines.contains("2 sent, 0 received, 100% lost, 2 late"))
        #expect(!lines.contains { $0.hasPrefix("rtt ") })
        #expect(run.status == 1)
    }

    @Test("over TCP against the textbook server that closes after each reply: one connection per ping, said once")
    func textbookTCPServer() async throws {
        try await TextbookServerProcess.with("tcp_server.py") { port in
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--tcp", "--count", "3", "--interval", "0.1"]
            )
            #expect(run.status == 0, "\(run.error)")
            #expect(Self.seqs(run.lines, " time=") == [1, 2, 3], "\(run.text)")
            #expect(run.lines.filter { $0.contains("one TCP connection per ping") }.count == 1)
            #expect(run.lines.contains("3 sent, 3 received, 0% lost"))
        }
    }

    @Test("--size pads each message; the reply is shown escaped; nothing answering is status 1")
    func sizeAndStatus() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--count", "1", "--size", "64", "--json"]
            )
            let first = try #require(run.lines.first)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
            #expect((object["reply"] as? String)?.utf8.count == 64)
            #expect(run.status == 0)
        }
        try await HeldPort.with(.silentUDP) { port in
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--count", "1", "--timeout", "0.2"]
            )
            #expect(run.lines.contains("Request timed out: seq=1"))
            #expect(run.lines.contains("1 sent, 0 received, 100% lost"))
            #expect(run.status == 1)
        }
    }

    @Test("over TCP against a refused port: the first refusal ends it in one sentence, status 1, no pings tried")
    func refusedOverTCP() async throws {
        try await HeldPort.with(.refusingTCP) { port in
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--tcp", "--count", "3", "--interval", "0.1"]
            )
            #expect(run.status == 1)
            #expect(run.error == "Error: Connection to 127.0.0.1:\(port) refused; is a server running there?\n")
            #expect(run.lines.count == 1 && run.lines[0].hasPrefix("PING 127.0.0.1:\(port) over TCP"), "\(run.text)")
        }
    }

    @Test("over TCP, a server gone after two pings: the refusal stops the run, said once, and the statistics follow")
    func refusedPartWay() async throws {
        try await TextbookServerProcess.with("tcp_server_then_gone.py", ["2"]) { port in
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--tcp", "--count", "5", "--interval", "0.2"]
            )
            #expect(run.status == 0, "\(run.error)")
            // Two connections are served; on a busy machine two pings may share the first (sent before the server
            // read it, answered by its one recv), so a third is answered on the second connection.
            let answered = Self.seqs(run.lines, " time=")
            #expect((2...4).contains(answered.count) && answered == Set(1...answered.count), "\(run.text)")
            let refused = answered.count + 1
            #expect(
                run.lines.contains(
                    "stopped at ping \(refused) of 5: the connection was refused, so no more pings are sent"
                ),
                "\(run.text)"
            )
            #expect(run.lines.contains("\(answered.count) sent, \(answered.count) received, 0% lost"), "\(run.text)")
            #expect(
                run.error == "Connection to 127.0.0.1:\(port) refused; is a server running there?\n",
                "\(run.error)"
            )
        }
    }

    @Test("over UDP against a port nothing listens on: one line per ping, each said once")
    func unreachableOverUDP() async throws {
        try await HeldPort.with(.refusingTCP) { port in
            let run = try await ProcessRunner.shout(
                ["ping", "127.0.0.1:\(port)", "--count", "3", "--interval", "0.1"]
            )
            #expect(run.status == 1)
            #expect(run.error.isEmpty, "\(run.error)")
            let unreachable = run.lines.filter { $0.contains("unreachable") }
            #expect(unreachable == (1...3).map { "No reply: seq=\($0): port unreachable" }, "\(run.text)")
            #expect(run.lines.contains("3 sent, 0 received, 100% lost"))
        }
    }

    @Test(
        "bad usage: one line and the usage status",
        arguments: [
            (["--count", "0"], "--count must be from 1 to 1000000."),
            (["--interval", "0"], "--interval must be from 0.001 to 3600 seconds."),
            (["--timeout", "0"], "--timeout must be more than 0 and at most 3600 seconds."),
            (["--size", "70000"], "--size must be from 1 to 65507 bytes."),
            (["--port", "0"], "--port must be from 1 to 65535."),
        ]
    )
    func badUsage(arguments: [String], message: String) async throws {
        let run = try await ProcessRunner.shout(["ping", "127.0.0.1"] + arguments)
        #expect(run.status == 64)
        #expect(run.error.hasPrefix("Error: \(message)\n"), "\(run.error)")
    }
}

/// `shout ping` in a real terminal: Ctrl-C stops it early and it still prints the statistics.
@Suite("Ping in a terminal", .serialized, .timeLimit(.minutes(2)))
struct PingTerminalTests {
    @Test("Ctrl-C stops early and still prints the statistics")
    func controlC() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await TmuxSession.with(width: 100, height: 30) { session, _ in
                try await session.run(
                    "shout ping 127.0.0.1:\(port) --count 1000 --interval 0.1; echo status=$?"
                )
                try await session.waitFor(text: "seq=3 time=")
                try await session.press("C-c")
                // The command line says `status=$?`; the shell's answer starts a line.
                let screen = try await session.waitFor { $0.contains { $0.hasPrefix("status=") } }
                let counts = try #require(screen.first { $0.contains(" sent, ") && $0.contains(" received, ") })
                let sent = Int(counts.prefix { $0.isNumber }) ?? 0
                #expect((3..<1000).contains(sent), "\(counts)")
                #expect(screen.contains { $0.hasSuffix("--- 127.0.0.1:\(port) ping statistics ---") }, "\(screen)")
                #expect(screen.contains { $0.hasPrefix("rtt min/avg/max/mdev = ") })
                #expect(screen.contains("status=0"))
            }
        }
    }
}
