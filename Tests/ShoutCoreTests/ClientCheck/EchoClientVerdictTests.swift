import ShoutCore
import Testing

/// The textbook UDP and TCP clients' checks on recorded runs, and the report's text and JSON.
@Suite struct EchoClientVerdictTests {
    /// A UDP run of `scenario` in which the client sent `sent`, the grader answered it upper-cased, and the client
    /// printed `printed` and ended as `ending` says.
    static func udpRun(
        _ scenario: ClientScenario,
        sent: String? = nil,
        printed: String,
        ending: ClientRunRecord.Ending = .exited(status: 0, at: .milliseconds(80))
    ) -> ClientRunRecord {
        var run = ClientRunRecord(scenario: scenario, typed: Array(scenario.typed.utf8))
        let bytes = Array((sent ?? scenario.typed).utf8)
        run.datagrams = [.init(bytes: bytes, at: .milliseconds(40))]
        if scenario != .lostReply {
            run.answers = [.init(datagram: 0, reply: Uppercasing.uppercased(bytes), at: .milliseconds(41))]
        }
        run.output = [.init(bytes: Array(printed.utf8), at: .milliseconds(60))]
        run.ending = ending
        return run
    }

    private func results(_ runs: [ClientRunRecord]) -> [ClientCheckID: ClientCheckResult] {
        Dictionary(
            uniqueKeysWithValues: EchoClientVerdict.results(.udp, runs: runs, unit: .seconds(1)).map { ($0.id, $0) }
        )
    }

    @Test("the textbook UDP client passes the required checks and fails lost-reply")
    func textbook() throws {
        let found = results([
            Self.udpRun(.reply, printed: "Input lowercase sentence:THE QUICK BROWN FOX\n"),
            Self.udpRun(.unicode, printed: "Input lowercase sentence:STRASSE, É, 日本 😀\n"),
            Self.udpRun(.lostReply, printed: "Input lowercase sentence:", ending: .ended(at: .seconds(5))),
        ])
        #expect(found[.udpSent]?.passed == true)
        #expect(found[.udpPrinted]?.passed == true)
        #expect(found[.udpUnicode]?.passed == true)
        #expect(found[.udpExits]?.passed == true)
        #expect(found[.udpLostReply]?.passed == false)
        #expect(try #require(found[.udpLostReply]).detail.contains("it waits for ever for a lost reply"))
    }

    @Test("a trailing newline is named and passes; the bytes object printed fails; output is quoted escaped")
    func defects() throws {
        let newline = results([Self.udpRun(.reply, sent: "the quick brown fox\n", printed: "THE QUICK BROWN FOX\n")])
        #expect(newline[.udpSent]?.passed == true)
        #expect(try #require(newline[.udpSent]).detail.contains("with a line end"))
        let bytes = results([Self.udpRun(.reply, printed: "b'THE QUICK BROWN FOX'\n")])
        #expect(bytes[.udpPrinted]?.passed == false)
        #expect(try #require(bytes[.udpPrinted]).detail.contains("prints the bytes object"))
        let escape = results([Self.udpRun(.reply, printed: "\u{1b}[2Jnothing\n")])
        let detail = try #require(escape[.udpPrinted]).detail
        #expect(!detail.contains("\u{1b}"))
        #expect(detail.contains("\\x1b[2Jnothing"))
    }

    @Test("a client still running after the reply fails exits; one that exits 1 says what it printed")
    func exits() throws {
        let hang = results([Self.udpRun(.reply, printed: "THE QUICK BROWN FOX\n", ending: .ended(at: .seconds(2)))])
        #expect(hang[.udpExits]?.passed == false)
        let one = results([
            Self.udpRun(
                .reply,
                printed: "THE QUICK BROWN FOX\nTraceback\n",
                ending: .exited(status: 1, at: .seconds(1))
            )
        ])
        #expect(try #require(one[.udpExits]).detail.contains("exited with status 1"))
        #expect(try #require(one[.udpExits]).detail.contains("\"Traceback\""))
    }

    @Test("the report: a block with the glyphs and the verdict, JSON with the runs")
    func report() throws {
        let runs = [
            Self.udpRun(.reply, printed: "THE QUICK BROWN FOX\n"),
            Self.udpRun(.unicode, printed: "\u{1b}]0;x\u{07}STRASSE, É, 日本 😀\n"),
            Self.udpRun(.lostReply, printed: "", ending: .ended(at: .seconds(5))),
        ]
        let report = ClientCheckReport(
            client: "python3 alice/UDPClient.py",
            lab: .udp,
            results: ClientCheckVerdict.results(.udp, runs: runs, unit: .seconds(1)),
            runs: runs
        )
        let lines = ClientCheckReportText.block(report).split(separator: "\n").map(String.init)
        #expect(lines.first == "python3 alice/UDPClient.py (the UDP client)")
        #expect(lines[1].hasPrefix("  ✓ udp-client.sent  "))
        #expect(lines[5].hasPrefix("  ✗ udp-client.lost-reply  "))
        #expect(lines.last == "  passed: every required check passed; extras failed: udp-client.lost-reply")
        let json = ClientCheckReportText.json(report)
        #expect(
            json.hasPrefix(
                #"{"client":"python3 alice/UDPClient.py","lab":"udp","passed":true,"checks":[{"id":"udp-client.sent","level":"required","passed":true,"#
            )
        )
        #expect(
            json.contains(
                #""runs":[{"scenario":"reply","exit_status":0,"sent":["the quick brown fox"],"printed":"THE QUICK BROWN FOX\\n"}"#
            ),
            "\(json)"
        )
        #expect(json.contains(#""printed":"\\x1b]0;x\\x07STRASSE"#), "\(json)")
        #expect(json.contains(#"{"scenario":"lost-reply","exit_status":null"#))
        let summary = ClientCheckReportText.summary([report, report]).split(separator: "\n").map(String.init)
        #expect(summary[0] == "udp client                  sent  printed  unicode  exits  lost-reply", "\(summary)")
        #expect(summary[2] == "python3 alice/UDPClient.py  ✓     ✓        ✓        ✓      ✗           passed")
    }

    @Test("a TCP client that dies on the first write of a split reply, before the second: named as such")
    func splitOneWrite() throws {
        var run = ClientRunRecord(scenario: .splitReply, typed: Array(ClientScenario.splitReply.typed.utf8))
        var connection = ClientRunRecord.Connection(openedAt: .milliseconds(30))
        connection.reads = [(run.typed, .milliseconds(40))]
        let cut = ClientLabScript(unit: .seconds(1)).writes(answering: run.typed, scenario: .splitReply)[0].bytes
        connection.writes = [(cut, .milliseconds(41))]
        run.connections = [connection]
        run.output = [.init(bytes: Array("Traceback\nUnicodeDecodeError: 'utf-8' codec\n".utf8), at: .milliseconds(90))]
        run.ending = .exited(status: 1, at: .milliseconds(100))
        let result = try #require(
            EchoClientVerdict.results(.tcp, runs: [run], unit: .seconds(1)).first { $0.id == .tcpSplitReply }
        )
        #expect(result.passed == false)
        #expect(result.detail.contains("the client was gone before the second"), "\(result.detail)")
        #expect(result.detail.contains("died in decode()"))
    }

    @Test("a client whose server name does not resolve: the sentence says so, naming what it printed")
    func unresolved() {
        var run = ClientRunRecord(scenario: .firstContact, typed: [])
        run.output = [
            .init(bytes: Array("socket.gaierror: [Errno -2] Name or service not known\n".utf8), at: .milliseconds(200))
        ]
        run.ending = .exited(status: 1, at: .milliseconds(224))
        let sentence = ClientCheckVerdict.silent(port: 12000, run: run)
        #expect(
            sentence.hasPrefix(
                "sent nothing to port 12000 (UDP or TCP, 127.0.0.1 or ::1) within 224 ms: it exited with status 1 and printed \"socket.gaierror"
            )
        )
        #expect(
            sentence.hasSuffix(
                "its server name does not resolve (socket.gaierror): the book's 'hostname' stands for the server's name, here 'localhost'"
            )
        )
    }
}
