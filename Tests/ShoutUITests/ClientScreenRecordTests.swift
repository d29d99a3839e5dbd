import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// The client screen's event records (`--transcript`, `/save FILE.jsonl`), `/mark`, the send stamps that start a
/// round trip, and closing TCP when switching away from it.
@Suite("Client screen records")
struct ClientScreenRecordTests {
    static func parse(_ lines: String) throws -> [[String: Any]] {
        try lines.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// connect, sent, reply, sent, lost, late, duplicate, unsolicited, switch, connect (TCP), mark.
    static func exchange() -> ClientScreenHarness {
        var screen = ClientScreenHarness()
        screen.state.queuesRecords = true
        screen.startReady()
        screen.enter("hello", at: 0)
        screen.reply("HELLO", at: 1)
        screen.enter("straße", at: 10)
        screen.tick(at: 1010)
        screen.reply("STRASSE", at: 1200)
        screen.reply("STRASSE", at: 1300)
        screen.reply("\u{1b}[2J\r\nboo", at: 1400)
        screen.press(.function(2), at: 2000)
        screen.ready(2, .tcp, at: 2001)
        screen.enter("/mark demo 1", at: 3000)
        return screen
    }

    @Test("each event is one record with the fields that apply; /save FILE.jsonl writes them as JSON lines")
    func recordsOfAnExchange() throws {
        var screen = Self.exchange()
        let effects = screen.enter("/save out.jsonl", at: 3100)
        let saved = try #require(
            effects.compactMap { effect -> String? in
                if case .save(let path, let text) = effect, path == "out.jsonl" { return text }
                return nil
            }.first
        )
        #expect(saved == screen.state.transcriptJSONLines)
        let objects = try Self.parse(saved)
        #expect(
            objects.map { $0["event"] as? String } == [
                "connect", "sent", "reply", "sent", "lost", "late", "duplicate", "unsolicited", "switch", "connect",
                "mark",
            ]
        )
        #expect(objects[0]["transport"] as? String == "udp")
        #expect(objects[0]["local"] as? String == "127.0.0.1:50000")
        #expect(objects[0]["setup_ms"] == nil)
        #expect(objects[1]["time"] as? String == "2026-11-25T14:02:11.000Z")
        #expect(objects[1]["server"] as? String == "127.0.0.1:12000")
        #expect(objects[1]["text"] as? String == "hello")
        #expect(objects[1]["bytes"] as? Int == 5)
        #expect(objects[1]["request"] as? Int == 1)
        #expect(objects[2]["rtt_ms"] as? Double == 1)
        #expect(objects[2]["request"] as? Int == 1)
        #expect(objects[2]["text"] as? String == "HELLO")
        #expect(objects[3]["text"] as? String == "straße")
        #expect(objects[3]["bytes"] as? Int == 7)
        #expect(objects[4]["reason"] as? String == "timeout")
        #expect(objects[4]["request"] as? Int == 2)
        #expect(objects[5]["rtt_ms"] as? Double == 1190)
        #expect(objects[5]["text"] as? String == "STRASSE")
        #expect(objects[6]["request"] as? Int == 2)
        #expect(objects[7]["text"] as? String == "\u{1b}[2J\r\nboo", "escaped in the file, intact once parsed")
        #expect(!saved.contains("\u{1b}") && !saved.contains("\r"))
        #expect(saved.split(separator: "\n").count == objects.count)
        #expect(objects[8]["transport"] as? String == "tcp")
        #expect(objects[9]["setup_ms"] as? Double == 0.3)
        #expect(objects[10]["mark"] as? Int == 1)
        #expect(objects[10]["text"] as? String == "demo 1")
        // The host writing a transcript file takes the same records, once.
        #expect(screen.state.takeNewRecords().map(\.jsonLine) == saved.split(separator: "\n").map(String.init))
        #expect(screen.state.takeNewRecords().isEmpty)
    }

    @Test("/save FILE (not .jsonl) stays plain text; /clear empties the records with the transcript")
    func plainSaveAndClear() {
        var screen = Self.exchange()
        let effects = screen.enter("/save out.txt", at: 3100)
        #expect(effects.contains(.save(path: "out.txt", text: screen.state.transcriptText)))
        #expect(screen.state.transcriptText.contains("14:02:11  → hello  [udp]\n"))
        screen.enter("/clear", at: 3200)
        #expect(screen.state.transcriptJSONLines.isEmpty)
    }

    @Test("without queuesRecords nothing waits for the host (the queue cannot grow)")
    func noQueueByDefault() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("a", at: 0)
        #expect(screen.state.takeNewRecords().isEmpty)
        #expect(!screen.state.transcriptJSONLines.isEmpty)
    }

    @Test("/mark is a numbered divider; the rule runs to the right edge")
    func marks() {
        var screen = ClientScreenHarness()
        screen.startReady()
        // A mark the user makes is an effect (the demo copies it to its other half); one from elsewhere is not.
        #expect(screen.enter("/mark", at: 0).contains(.marked("")))
        #expect(screen.enter("/mark part two", at: 0).contains(.marked("part two")))
        #expect(screen.state.apply(.mark("from the server"), at: screen.at(0)).isEmpty)
        #expect(screen.lines(after: 2) == ["── mark 1", "── mark 2: part two", "── mark 3: from the server"])
        #expect(screen.state.transcriptText.hasSuffix("14:02:11  ── mark 3: from the server ──\n"))
        let row = TranscriptLayout(width: 40, ascii: false).rows(for: screen.state.transcript.lines[2])
        // 40 columns: the time (10), the marker (3), "mark 1 " and the rule to the edge (one column spare).
        let rule = String(repeating: "─", count: 40 - 10 - 3 - 7)
        #expect(row.map { $0.map(\.text).joined(separator: "|") } == ["14:02:11|── |mark 1 " + rule])
    }

    @Test("a round trip starts when the socket stamps the send, not when the line was entered")
    func sendStamps() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("a", at: 0)
        screen.report(.sent(number: 1, at: screen.base + .milliseconds(15)), socket: 1, at: 16)
        screen.reply("A", at: 16)
        #expect(screen.state.lastRTT == .milliseconds(1))
        #expect(screen.lines(after: 2).last == "← A [udp  1.0 ms]")
    }

    @Test("a send that never got its stamp (it failed) does not shift the stamps of the later ones")
    func missingStamp() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("a", at: 0)
        screen.enter("b", at: 1)
        screen.report(.sent(number: 2, at: screen.base + .milliseconds(20)), socket: 1, at: 21)
        screen.reply("B", at: 22)
        screen.reply("A", at: 30)
        // B's round trip starts at its stamp; A's, never stamped, at the moment it was entered.
        #expect(
            screen.lines(after: 2).suffix(2) == [
                "← B  overtook 1 earlier request [udp  2.0 ms]", "← A [udp  30 ms]",
            ]
        )
    }

    @Test("switching away from TCP closes the idle TCP connection and says so; UDP stays open the other way")
    func switchClosesTCP() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        let away = screen.press(.function(2), at: 10)
        #expect(away == [.session(.close(id: 1)), .session(.open(id: 2, .udp, ClientScreenHarness.server))])
        #expect(screen.lines(after: 2).prefix(2) == ["· switched to UDP", "· closed the TCP connection [tcp]"])
        #expect(screen.state.connectionState(of: .tcp) == "not connected")
        screen.ready(2, .udp, at: 11)
        let back = screen.press(.function(2), at: 20)
        #expect(back == [.session(.open(id: 3, .tcp, ClientScreenHarness.server))], "the UDP socket is not closed")
        let records = screen.state.transcriptJSONLines
        #expect(
            records.contains(
                #""event":"close","transport":"tcp","server":"127.0.0.1:12000","reason":"closed by client""#
            )
        )
    }

    @Test("a TCP line still waiting for its reply keeps the connection open until the reply comes")
    func switchWaitsForPendingReply() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        screen.enter("slow", at: 0)
        let away = screen.press(.function(2), at: 10)
        #expect(!away.contains(.session(.close(id: 1))))
        let reply = screen.reply("SLOW", over: .tcp, socket: 1, at: 20)
        #expect(reply == [.session(.close(id: 1))])
        #expect(screen.lines.suffix(2) == ["← SLOW [tcp  20 ms]", "· closed the TCP connection [tcp]"])
    }

    @Test("a TCP line past its timeout after the switch is still waited for; unanswered, it closes the connection")
    func switchAfterTimeout() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        screen.enter("never", at: 0)
        screen.press(.function(2), at: 10)
        // Over TCP a slow reply is waiting, not lost: the connection stays, and the kernel is asked about it.
        #expect(screen.state.tick(at: screen.at(1000)) == [.session(.inspect(id: 1))])
        #expect(screen.lines.last?.contains("still waiting after 1.0 s") == true, "\(screen.lines)")
        #expect(screen.state.tick(at: screen.at(29_000)) == [])
        #expect(screen.state.tick(at: screen.at(30_000)) == [.session(.close(id: 1))])
        #expect(screen.lines.contains { $0.contains("no answer within 30.0 s to \"never\"") }, "\(screen.lines)")
    }
}
