import Foundation
import Testing

/// `shout server --grade` through the real binary: students' Pinger and Heartbeat clients (written as students
/// write them, `Peers/lab_clients.py`) against the server, judged live on its log and on its screen.
@Suite("Live grading", .serialized, .timeLimit(.minutes(2)))
struct LiveGradeServerTests {
    static func object(_ line: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    static func client(_ arguments: [String], input: String = "") async throws -> Finished {
        try await ProcessRunner.peer("lab_clients.py", arguments, input: Array(input.utf8))
    }

    /// The `graded` lines so far, as objects.
    static func graded(_ server: BackgroundProcess) -> [[String: Any]] {
        server.lines.filter { $0.contains("\"event\":\"graded\"") }.compactMap(object)
    }

    /// Waits for the `count`th `graded` line and returns them all.
    static func graded(_ server: BackgroundProcess, count: Int) async throws -> [[String: Any]] {
        try await server.lines(atLeast: count, within: .seconds(15)) { $0.contains("\"event\":\"graded\"") }
        return graded(server)
    }

    @Test("the JSON log: each client's verdict on all its lines and on a graded line; other peers' lines have none")
    func jsonLog() async throws {
        let lines = try await ShoutServerProcess.with(["--grade", "--log-format", "json"]) { port, server in
            // A good Pinger client, then one whose timeout is 0.
            _ = try await Self.client(["pinger", "\(port)", "good"])
            var graded = try await Self.graded(server, count: 1)
            #expect(graded[0]["grade"] as? String == "pass", "\(graded)")
            _ = try await Self.client(["pinger", "\(port)", "zero-timeout"])
            graded = try await Self.graded(server, count: 2)
            #expect(graded[1]["grade"] as? String == "fail")
            #expect((graded[1]["grade_detail"] as? String)?.contains("a timeout of 0?") == true, "\(graded[1])")
            // The textbook UDP client is no Pinger: nothing of the grade on its lines.
            let textbook = try await Self.client(["udp", "\(port)"], input: "hello\n")
            #expect(textbook.text.contains("HELLO"))
            // A Pinger without settimeout hangs at the drop, and a Heartbeat client with recvfrom() outside its
            // try dies there: each is judged when its silence has lasted 3 s.
            _ = try await BackgroundProcess.with(
                "/usr/bin/env",
                ["python3", "-u", TestPaths.peer("lab_clients.py"), "pinger", "\(port)", "no-settimeout"]
            ) { _ in
                _ = try await Self.client(["heartbeat", "\(port)", "dies", "0.3"])
                _ = try await Self.graded(server, count: 4)
            }
            // A good Heartbeat client, one a second (a loaded machine's hiccup is small beside that), passes once it
            // sent on after its dropped heartbeat.
            _ = try await BackgroundProcess.with(
                "/usr/bin/env",
                ["python3", "-u", TestPaths.peer("lab_clients.py"), "heartbeat", "\(port)", "good", "1"]
            ) { _ in
                _ = try await Self.graded(server, count: 5)
            }
            return server.lines
        }.result
        let objects = lines.compactMap(Self.object)
        let graded = objects.filter { $0["event"] as? String == "graded" }
        let byPeer = { (peer: String) in objects.filter { $0["peer"] as? String == peer } }
        func verdict(_ phrase: String) -> [String: Any]? {
            graded.first { ($0["grade_detail"] as? String)?.contains(phrase) == true }
        }
        // The good Pinger: its third ping dropped on purpose (and only that), every line of it graded.
        let good = try #require(graded.first)
        let goodLines = byPeer(good["peer"] as? String ?? "")
        #expect(goodLines.filter { $0["reason"] as? String == "grade-drop" }.map { $0["seq"] as? Int } == [3])
        #expect(goodLines.filter { $0["event"] as? String != "peer-stopped" }.allSatisfy { $0["grade"] != nil })
        #expect(goodLines.last { $0["event"] as? String == "received" }?["grade"] as? String == "pass")
        #expect(goodLines.first { $0["event"] as? String == "received" }?["grade"] as? String == "pending")
        // The wait is the client's 1 s timeout as the server's clock saw it: 999 ms or 1.0 s, say.
        let detail = good["grade_detail"] as? String ?? ""
        #expect(detail.contains("ping 4 came ") && detail.contains(" after it: the client waits for its timeout"))
        #expect(detail.contains("ping 3 was dropped on purpose"), "\(good)")
        // The textbook client's lines carry no grade.
        let hello = try #require(objects.first { $0["text"] as? String == "hello" })
        #expect(byPeer(hello["peer"] as? String ?? "").allSatisfy { $0["grade"] == nil })
        // The silent ones, judged by their silence.
        let hung = try #require(verdict("no ping came in 3.0 s"), "\(graded)")
        #expect(hung["grade"] as? String == "fail")
        let died = try #require(verdict("recvfrom() inside the try"), "\(graded)")
        #expect(died["grade"] as? String == "fail")
        let beating = try #require(verdict("the client sent on"), "\(graded)")
        #expect(beating["grade"] as? String == "pass")
        #expect(graded.count == 5)
    }

    @Test("the text log: the verdict in brackets on each line, and the graded line with its sentence")
    func textLog() async throws {
        let lines = try await ShoutServerProcess.with(["--grade"]) { port, server in
            _ = try await Self.client(["pinger", "\(port)", "zero-timeout"])
            _ = try await server.line { $0.contains(" graded udp ") }
            return server.lines
        }.result
        let fourth = try #require(lines.first { $0.contains(" received udp ") && $0.contains("\"Ping 4 ") })
        #expect(fourth.hasSuffix("[grade fail: pinger: ping 4 came at once after ping 3 was dropped: no timeout]"))
        let third = try #require(lines.first { $0.contains("\"Ping 3 ") })
        #expect(third.contains(" grade-drop udp "))
        #expect(third.hasSuffix("[grade pending: pinger 3/10 · ping 3 dropped on purpose]"))
        let graded = try #require(lines.first { $0.contains(" graded udp ") })
        #expect(graded.contains(" fail: pinger: ping 4 came at once after ping 3 was dropped: no timeout (ping 3 was"))
    }

    @Test(
        "over IPv6: a good Pinger's third ping is dropped on purpose and it passes; a Heartbeat client that dies fails"
    )
    func ipv6() async throws {
        let lines = try await ShoutServerProcess.with(["--grade", "--log-format", "json"]) { port, server in
            for client in [["pinger", "\(port)", "good"], ["heartbeat", "\(port)", "dies", "0.3"]] {
                _ = try await ProcessRunner.run(
                    "/usr/bin/env",
                    ["LAB_SERVER=::1", "python3", TestPaths.peer("lab_clients.py")] + client
                )
            }
            _ = try await Self.graded(server, count: 2)
            return server.lines
        }.result
        let objects = lines.compactMap(Self.object)
        let graded = objects.filter { $0["event"] as? String == "graded" }
        #expect(graded.allSatisfy { ($0["peer"] as? String)?.hasPrefix("[::1]:") == true }, "\(graded)")
        #expect(graded.map { $0["grade"] as? String } == ["pass", "fail"], "\(graded)")
        let drops = objects.filter { $0["reason"] as? String == "grade-drop" }
        #expect(drops.map { $0["seq"] as? Int } == [3, 3])
    }

    @Test("--drop dropped one of the first three already: none is dropped on purpose; without --grade none either")
    func dropAlready() async throws {
        for (arguments, expected) in [(["--grade", "--drop", "100"], "dropped"), ([], "")] {
            let lines = try await ShoutServerProcess.with(arguments + ["--log-format", "json"]) { port, server in
                _ = try await ProcessRunner.peer("heartbeat_client.py", ["\(port)", "0.02", "1", "2", "3", "4"])
                try await server.lines(atLeast: 4) { $0.contains("\"heartbeat\":\"heartbeat\"") }
                return server.lines
            }.result
            let beats = lines.filter { $0.contains("\"heartbeat\":\"heartbeat\"") }.compactMap(Self.object)
            #expect(beats.map { $0["reason"] as? String ?? "" } == Array(repeating: expected, count: 4), "\(beats)")
        }
    }

    @Test("--help says what is judged live and what is not; --grade without UDP is refused")
    func help() async throws {
        let help = try await ProcessRunner.run(TestPaths.shout, ["server", "--help"])
        let text = help.text.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("--grade"))
        #expect(text.contains("its RTTs, its summary) is not judged live"), "\(help.text)")
        // Grading UDP clients with UDP not served is refused in one sentence, with the usage status.
        let tcpOnly = try await ProcessRunner.run(TestPaths.shout, ["server", "--grade", "--tcp", "--port", "0"])
        #expect(tcpOnly.status == 64)
        #expect(tcpOnly.error.contains("--grade judges UDP clients: it needs UDP served."), "\(tcpOnly.error)")
    }

    @Test("the server's screen: each pinging peer's verdict on its Peers row")
    func screen() async throws {
        try await TmuxSession.with(width: 160, height: 30) { session, _ in
            let port = try await ServerTUITests.startServer(session, arguments: "--grade")
            _ = try await Self.client(["pinger", "\(port)", "good"])
            _ = try await Self.client(["pinger", "\(port)", "zero-timeout"])
            let screen = try await session.waitFor { lines in
                lines.contains { $0.contains("✓ pinger 10/10 · timeout ok") }
                    && lines.contains {
                        $0.contains("✗ pinger: ping 4 came at once after ping 3 was dropped: no timeout")
                    }
            }
            #expect(screen.contains { $0.contains("grading pingers") })
            #expect(screen.contains { $0.contains("GRADE-DROP Ping 3 ") })
        }
    }
}
