import ShoutCore
import Testing

/// The text, table and JSON `shout check` prints, from reports built by hand.
@Suite struct CheckReportTextTests {
    private func report(_ target: String, failing: Set<CheckID> = [], tcpUnreachable: Bool = false) -> CheckTargetReport
    {
        let udp = CheckTargetReport.Part(
            transport: .udp,
            results: CheckID.checks(of: .udp).map { id in
                id == .udpLoss
                    ? CheckResult(
                        id,
                        passed: nil,
                        detail: "50 datagrams 20 ms apart: 0 unanswered (0%)",
                        figures: [("loss_percent", .number(0)), ("rtt_ms", .number(0.25))]
                    )
                    : CheckResult(id, passed: !failing.contains(id), detail: "detail of \(id.rawValue)")
            }
        )
        let tcp =
            tcpUnreachable
            ? CheckTargetReport.Part.unreachable(.tcp, "connection refused: nothing listens on TCP port 9 there")
            : CheckTargetReport.Part(
                transport: .tcp,
                results: CheckID.checks(of: .tcp).map { id in
                    id == .tcpClose
                        ? CheckResult(id, passed: nil, detail: "closes", figures: [("closes_after_reply", .flag(true))])
                        : CheckResult(id, passed: !failing.contains(id), detail: "detail of \(id.rawValue)")
                }
            )
        return CheckTargetReport(target: target, address: "127.0.0.1:9", parts: [udp, tcp])
    }

    @Test("the checks run in the issue's order: within each transport the ones that may kill a server come last")
    func order() {
        #expect(
            CheckID.checks(of: .udp).map(\.rawValue) == [
                "udp.reply", "udp.unicode", "udp.size", "udp.peers", "udp.loss", "udp.bad-bytes",
            ]
        )
        #expect(
            CheckID.checks(of: .tcp).map(\.rawValue) == [
                "tcp.reply", "tcp.unicode", "tcp.close", "tcp.concurrent", "tcp.split", "tcp.bad-bytes",
            ]
        )
        #expect(CheckID.allCases.filter { $0.level == .required }.count == 5)
    }

    @Test("a block has a glyph, the id and the sentence per check, and a verdict; a failed extra does not fail it")
    func block() {
        let text = CheckReportText.block(report("lab-7", failing: [.udpBadBytes]))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "lab-7 (127.0.0.1:9)")
        #expect(lines[1] == "  ✓ udp.reply       detail of udp.reply")
        #expect(lines.contains("  ✗ udp.bad-bytes   detail of udp.bad-bytes"))
        #expect(lines.contains("  · udp.loss        50 datagrams 20 ms apart: 0 unanswered (0%)"))
        #expect(lines.last == "  passed: every required check passed; extras failed: udp.bad-bytes")
        #expect(!text.contains("\u{1b}"))
        #expect(CheckReportText.block(report("x"), colour: true).contains("\u{1b}[32m✓\u{1b}[0m"))
    }

    @Test("an unreachable transport is one line, its checks skipped, and the target fails")
    func unreachable() {
        let failed = report("lab-8", tcpUnreachable: true)
        #expect(!failed.passed)
        let lines = CheckReportText.block(failed).split(separator: "\n").map(String.init)
        #expect(lines.contains("  ✗ tcp             connection refused: nothing listens on TCP port 9 there"))
        #expect(!lines.contains { $0.contains("tcp.reply") })
        #expect(lines.last == "  FAILED: not reachable over tcp")
        #expect(failed.result(.tcpReply)?.skipped == true)
    }

    @Test("a TCP server that accepts and never answers is said to, in its line and the verdict, not called unreachable")
    func silent() {
        let sentence = "accepts connections but never answers: nothing came back within 1 s, even after a newline"
        let report = CheckTargetReport(
            target: "lab-9",
            address: nil,
            parts: [
                .unreachable(.udp, "no reply to anything over UDP within 1 s; is the server running?"),
                .silent(.tcp, sentence),
            ]
        )
        #expect(!report.passed)
        let lines = CheckReportText.block(report).split(separator: "\n").map(String.init)
        #expect(lines.contains("  ✗ tcp             " + sentence))
        #expect(lines.last == "  FAILED: not reachable over udp; accepts connections over tcp but never answers")
    }

    @Test("a block's rows: the lead (indent, glyph, padded id) and the sentence, the same text as the block")
    func rows() {
        let failed = report("lab-1", failing: [.udpUnicode])
        let rows = CheckReportText.rows(failed)
        #expect(rows.map { $0.line() }.joined(separator: "\n") == CheckReportText.block(failed))
        #expect(rows[2].lead() == "  ✗ udp.unicode     ")
        #expect(rows[2].text == "detail of udp.unicode")
        #expect(rows[2].lead(colour: true) == "  \u{1b}[31m✗\u{1b}[0m udp.unicode     ")
        #expect(rows.last?.lead() == "  ")
    }

    @Test("the summary has a row per target and a column per check")
    func summary() {
        let table = CheckReportText.summary([report("lab-1"), report("lab-2", failing: [.tcpUnicode])])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("        udp"))
        #expect(lines[1].hasPrefix("target  reply  unicode  size  peers  loss  bad-bytes  reply  unicode  close"))
        #expect(
            lines[3]
                == "lab-1   ✓      ✓        ✓     ✓      0%    ✓          ✓      ✓        closes  ✓           ✓      ✓          passed"
        )
        #expect(lines[4].contains("✓      ✗        closes") && lines[4].hasSuffix("FAILED"))
    }

    @Test("JSON: stable names, null for info and skipped checks, an info check's figures in its own object")
    func json() {
        let line = CheckReportText.json(report("lab-3", failing: [.udpUnicode], tcpUnreachable: true))
        #expect(line.hasPrefix("{\"target\":\"lab-3\",\"address\":\"127.0.0.1:9\",\"passed\":false,\"checks\":["))
        #expect(
            line.contains(
                "{\"id\":\"udp.unicode\",\"level\":\"required\",\"passed\":false,\"detail\":\"detail of udp.unicode\"}"
            )
        )
        #expect(
            line.contains(
                "\"id\":\"udp.loss\",\"level\":\"info\",\"passed\":null,\"detail\":\"50 datagrams 20 ms apart: 0 unanswered (0%)\",\"loss_percent\":0.0,\"rtt_ms\":0.25}"
            )
        )
        #expect(
            line.contains(
                "{\"id\":\"tcp.reply\",\"level\":\"required\",\"passed\":null,\"detail\":\"skipped: connection refused"
            )
        )
        #expect(!line.contains("\n"))
    }

    @Test("a class list: one target a line, # comments and blank lines skipped, line numbers kept")
    func classList() {
        let targets = CheckTargetList.parse("# lab 3\n127.0.0.1:12001\n\n  alice.local  # Alice\n[::1]:12002\n")
        #expect(targets.map(\.target) == ["127.0.0.1:12001", "alice.local", "[::1]:12002"])
        #expect(targets.map(\.line) == [2, 4, 5])
    }
}
