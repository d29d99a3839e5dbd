import Foundation
import Testing

/// `shout check` through the binary, against real servers on loopback: the textbook Python servers, `shout server`,
/// broken variants with one defect each (told apart by the ids that fail), a hostile server, and ports where nothing
/// listens. Short timeouts keep every run to a few seconds.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct CheckCommandTests {
    /// One target's JSON object, read back.
    struct Target {
        let object: [String: Any]
        var checks: [[String: Any]] { object["checks"] as? [[String: Any]] ?? [] }
        var passed: Bool { object["passed"] as? Bool == true }
        /// The ids of the checks that failed.
        var failed: Set<String> { ids { $0["passed"] as? Bool == false } }
        /// The ids of the required checks that failed.
        var failedRequired: Set<String> {
            ids { $0["passed"] as? Bool == false && $0["level"] as? String == "required" }
        }
        /// The ids of the checks skipped.
        var skipped: Set<String> { ids { ($0["detail"] as? String)?.hasPrefix("skipped: ") == true } }
        func check(_ id: String) -> [String: Any]? { checks.first { $0["id"] as? String == id } }
        func detail(_ id: String) -> String { check(id)?["detail"] as? String ?? "" }
        private func ids(_ test: ([String: Any]) -> Bool) -> Set<String> {
            Set(checks.filter(test).compactMap { $0["id"] as? String })
        }
    }

    private func check(_ arguments: [String]) async throws -> (finished: Finished, targets: [Target]) {
        let finished = try await ProcessRunner.shout(["check"] + arguments + ["--json", "--timeout", "0.3"])
        let targets = try finished.lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return Target(object: try #require(object as? [String: Any], "not an object: \(line)"))
        }
        return (finished, targets)
    }

    @Test("the textbook UDPServer passes every required check and fails udp.bad-bytes, as an extra")
    func textbookUDP() async throws {
        try await TextbookServerProcess.with("udp_server.py") { port in
            let (finished, targets) = try await check(["127.0.0.1:\(port)", "--udp"])
            let target = try #require(targets.first)
            #expect(finished.status == 0, "\(finished.text)")
            #expect(target.passed)
            #expect(target.failed == ["udp.bad-bytes"], "\(finished.text)")
            #expect(target.detail("udp.bad-bytes").contains("dies in decode()"))
            #expect(target.check("udp.loss")?["loss_percent"] as? Double == 0)
            #expect(target.check("udp.loss")?["rtt_ms"] is Double)
            #expect(target.object["address"] as? String == "127.0.0.1:\(port)")
        }
    }

    @Test("the textbook TCPServer passes the required checks; tcp.concurrent and tcp.split fail; it dies on the split")
    func textbookTCP() async throws {
        try await TextbookServerProcess.with("tcp_server.py") { port in
            let (finished, targets) = try await check(["127.0.0.1:\(port)", "--tcp"])
            let target = try #require(targets.first)
            #expect(finished.status == 0, "\(finished.text)")
            #expect(target.failed == ["tcp.concurrent", "tcp.split"], "\(finished.text)")
            #expect(target.detail("tcp.concurrent").contains("serves one client at a time"))
            #expect(target.skipped == ["tcp.bad-bytes"])
            #expect(target.detail("tcp.bad-bytes") == "skipped: the server stopped answering after tcp.split")
            #expect(target.check("tcp.close")?["closes_after_reply"] as? Bool == true)
        }
    }

    @Test("shout server passes everything, over UDP and TCP, and keeps its connections open")
    func shoutServer() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            let (finished, targets) = try await check(["127.0.0.1:\(port)"])
            let target = try #require(targets.first)
            #expect(finished.status == 0, "\(finished.text)")
            #expect(target.passed)
            #expect(target.failed.isEmpty, "\(finished.text)")
            #expect(target.skipped.isEmpty)
            #expect(target.checks.count == 12)
            #expect(target.check("tcp.close")?["closes_after_reply"] as? Bool == false)
        }
    }

    @Test(
        "each broken server is told apart by the required checks that fail, with its reason",
        arguments: [
            ("ascii-upper", ["udp.unicode", "tcp.unicode"], "udp.unicode", "only ASCII letters were upper-cased"),
            (
                "lower", ["udp.reply", "udp.unicode", "udp.size", "tcp.reply", "tcp.unicode"], "udp.reply",
                "lower-cases"
            ),
            ("echo", ["udp.reply", "udp.unicode", "udp.size", "tcp.reply", "tcp.unicode"], "tcp.reply", "echoes"),
            ("truncate", ["udp.size"], "udp.size", "got only the first 1,024 of the 2,000"),
            ("newline", ["tcp.reply", "tcp.unicode"], "tcp.reply", "waits for a line end"),
            ("other-port", ["udp.reply"], "udp.reply", "the reply came from 127.0.0.1:"),
        ]
    )
    func broken(defect: String, failing: [String], id: String, reason: String) async throws {
        try await TextbookServerProcess.with("broken_server.py", [defect]) { port in
            let (finished, targets) = try await check(["127.0.0.1:\(port)"])
            let target = try #require(targets.first)
            #expect(finished.status == 1)
            #expect(!target.passed)
            #expect(target.failedRequired == Set(failing), "\(finished.text)")
            #expect(target.detail(id).contains(reason), "\(target.detail(id))")
        }
    }

    @Test("a server that never answers: one line per transport says so, the checks are skipped, not failed")
    func silent() async throws {
        try await TextbookServerProcess.with("broken_server.py", ["silent"]) { port in
            let text = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--timeout", "0.3"])
            #expect(text.status == 1)
            #expect(
                text.lines.contains(
                    "  ✗ udp             no reply to anything over UDP within 0.3 s, 8 tries; is the server running, "
                        + "or a firewall in the way?"
                ),
                "\(text.text)"
            )
            #expect(
                text.lines.contains(
                    "  ✗ tcp             accepts connections but never answers: nothing came back within 0.3 s, "
                        + "even after a newline"
                ),
                "\(text.text)"
            )
            #expect(
                text.lines.last == "  FAILED: not reachable over udp; accepts connections over tcp but never answers"
            )
            #expect(!text.text.contains("udp.reply"))
            let (_, targets) = try await check(["127.0.0.1:\(port)"])
            #expect(targets.first?.skipped.count == 12)
            #expect(targets.first?.failed.isEmpty == true)
        }
    }

    @Test("nothing listening: UDP's port unreachable and TCP's refusal are one line each; exit status 1")
    func nothingListens() async throws {
        try await HeldPort.with(.refusingTCP) { port in
            let text = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--timeout", "0.3"])
            #expect(text.status == 1)
            #expect(
                text.lines.contains { $0.hasPrefix("  ✗ udp             port unreachable: nothing listens") },
                "\(text.text)"
            )
            #expect(
                text.lines.contains("  ✗ tcp             connection refused: nothing listens on TCP port \(port) there")
            )
            #expect(text.lines.last == "  FAILED: not reachable over udp and tcp")
        }
    }

    @Test(
        "a hostile server (escape sequences, a 60 KB reply, a reply that never ends) reaches no terminal and hangs nothing"
    )
    func hostile() async throws {
        try await TextbookServerProcess.with("hostile_server.py") { port in
            let started = ContinuousClock.now
            let text = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--timeout", "0.3"])
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(text.status == 1)
            #expect(!text.output.contains(0x1B), "a raw escape reached the output")
            #expect(!text.output.contains(0x07))
            #expect(!text.text.unicodeScalars.contains { $0.value >= 0x80 && $0.value < 0xA0 })
            #expect(text.text.contains("\\x1b]0;pwned\\x07TITLE"))
            #expect(text.lines.allSatisfy { $0.count < 600 }, "a reply was printed whole")
            #expect(text.text.contains("tcp.close       not measured: the reply did not end"))
        }
    }

    @Test("a class list and targets on the command line: a block each in order, then the summary table")
    func classList() async throws {
        try await TextbookServerProcess.with("udp_server.py") { textbook in
            _ = try await ShoutServerProcess.with { shout, _ in
                try await HeldPort.with(.silentUDP) { silent in
                    let file = FileManager.default.temporaryDirectory.appendingPathComponent("class-\(UUID()).txt")
                    defer { try? FileManager.default.removeItem(at: file) }
                    let list = "# lab 3, UDP servers\n127.0.0.1:\(textbook)   # Ada\n\n127.0.0.1:\(silent)  # Bo\n"
                    try list.write(to: file, atomically: true, encoding: .utf8)
                    let run = try await ProcessRunner.shout([
                        "check", "127.0.0.1:\(shout)", "--targets-file", file.path, "--udp", "--timeout", "0.3",
                        "--parallel", "2",
                    ])
                    #expect(run.status == 1)
                    let headers = run.lines.filter { $0.hasPrefix("127.0.0.1:") }
                    #expect(headers.count == 6, "\(run.text)")
                    #expect(
                        headers.prefix(3) == ["127.0.0.1:\(shout)", "127.0.0.1:\(textbook)", "127.0.0.1:\(silent)"]
                    )
                    let rows = Array(headers.suffix(3))
                    #expect(rows[0].hasPrefix("127.0.0.1:\(shout) ") && rows[0].hasSuffix("passed"), "\(run.text)")
                    #expect(rows[1].contains("✓      ✓        ✓     ✓      0%    ✗") && rows[1].hasSuffix("passed"))
                    #expect(rows[2].contains("-      -") && rows[2].hasSuffix("FAILED"))
                    #expect(run.lines.contains { $0.hasPrefix("target") && $0.contains("bad-bytes") })
                    let json = try await check(["--targets-file", file.path, "--udp"])
                    #expect(
                        json.targets.map { $0.object["target"] as? String } == [
                            "127.0.0.1:\(textbook)", "127.0.0.1:\(silent)",
                        ]
                    )
                }
            }
        }
    }

    @Test("bad usage: one sentence and the usage status, as every command")
    func usage() async throws {
        let cases: [([String], String)] = [
            ([], "Error: Name at least one target, or a class list with --targets-file FILE."),
            (["no such host!"], "Error: 'no such host!' is not a host name or address."),
            (["127.0.0.1:0"], "Error: '127.0.0.1:0' names port 0; a port must be from 1 to 65535."),
            (["127.0.0.1:99999"], "Error: '127.0.0.1:99999' names port 99999; a port must be from 1 to 65535."),
            (["localhost", "--udp", "--tcp"], "Error: Choose one of --udp and --tcp."),
            (["localhost", "--timeout", "0"], "Error: --timeout must be more than 0 and at most 60 seconds."),
            (["localhost", "--parallel", "0"], "Error: --parallel must be from 1 to 256."),
            (
                ["--targets-file", "/nonexistent/list"],
                "Error: Cannot read the class list '/nonexistent/list'; check the path."
            ),
        ]
        for (arguments, sentence) in cases {
            let finished = try await ProcessRunner.shout(["check"] + arguments)
            #expect(finished.status == 64, "\(arguments)")
            #expect(finished.error.hasPrefix(sentence), "\(arguments): \(finished.error)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("class-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "127.0.0.1\nnot a host\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try await ProcessRunner.shout(["check", "--targets-file", file.path])
        #expect(bad.status == 64)
        #expect(bad.error.hasPrefix("Error: 'not a host' on line 2 of \(file.path) is not a host name or address."))
        try "127.0.0.1\n127.0.0.1:70000\n".write(to: file, atomically: true, encoding: .utf8)
        let port = try await ProcessRunner.shout(["check", "--targets-file", file.path])
        #expect(port.status == 64)
        #expect(
            port.error.hasPrefix(
                "Error: '127.0.0.1:70000' on line 2 of \(file.path) names port 70000; a port must be from 1 to 65535."
            ),
            "\(port.error)"
        )
    }
}
