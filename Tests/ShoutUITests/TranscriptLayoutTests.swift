import ShoutCore
import Testing

@testable import ShoutUI

@Suite("Transcript layout")
struct TranscriptLayoutTests {
    static func text(_ rows: [[TranscriptLayout.Piece]], width: Int) -> [String] {
        rows.map { pieces in
            var buffer = ScreenBuffer(width: width, height: 1)
            for piece in pieces { buffer.put(piece.text, x: piece.x, y: 0) }
            return buffer.line(0)
        }
    }

    @Test("CJK text wraps by display width, never past the column, with a hanging indent")
    func wrapsCJK() {
        let entry = TranscriptEntry(
            time: "14:02:11",
            kind: .reply,
            text: "日本語のテキストはとても長いです 😀 end",
            transport: .udp,
            rtt: .microseconds(400)
        )
        let rows = Self.text(TranscriptLayout(width: 50, ascii: false).rows(for: entry), width: 50)
        #expect(
            rows == [
                "14:02:11  ← 日本語のテキストはとても udp  0.4 ms",
                "            長いです 😀 end",
            ]
        )
        for row in rows { #expect(DisplayWidth.of(row) <= 50) }
    }

    @Test("a lost line that wraps has its transport after the sentence, not in the middle of the quoted text")
    func lostLineTag() {
        let entry = TranscriptEntry(
            time: "14:02:11",
            kind: .problem,
            text: "no reply within 1.0 s to \"will tcp arrive\" (the connection is open, but the server has not "
                + "answered)",
            transport: .tcp
        )
        let rows = Self.text(TranscriptLayout(width: 56, ascii: false).rows(for: entry), width: 56)
        #expect(
            rows == [
                "14:02:11  ✗ no reply within 1.0 s to \"will",
                "            tcp arrive\" (the connection is",
                "            open, but the server has not",
                "            answered)                      tcp",
            ]
        )
    }

    @Test("a UDP loss is laid out without the lesson at its end, which the screen says once; its rows count so")
    func udpLessonOnce() {
        let entry = TranscriptEntry(
            time: "14:02:11",
            kind: .problem,
            text: "no reply within 1.0 s to \"will udp arrive\" (UDP gives no guarantee of delivery)",
            transport: .udp
        )
        let layout = TranscriptLayout(width: 56, ascii: false)
        let rows = Self.text(layout.rows(for: entry), width: 56)
        #expect(
            rows == ["14:02:11  ✗ no reply within 1.0 s to \"will", "            udp arrive\"                    udp"]
        )
        #expect(layout.rowCount(of: entry) == 2)
        // The view says whether such a loss is in it; the saved transcript keeps the whole sentence.
        var log = ScrollbackLog<TranscriptEntry>(capacity: 10)
        log.append(entry)
        #expect(layout.view(of: log, height: 3).showsUDPLoss)
        log.append(TranscriptEntry(time: "14:02:12", kind: .note, text: "switched to TCP"))
        #expect(!layout.view(of: log, height: 1).showsUDPLoss)
        #expect(entry.plainText.hasSuffix("(UDP gives no guarantee of delivery)  [udp]"))
    }

    @Test("narrow: no time column, the detail goes inline")
    func narrow() {
        let entry = TranscriptEntry(time: "14:02:11", kind: .sent, text: "straße", transport: .tcp)
        let rows = Self.text(TranscriptLayout(width: 20, ascii: false).rows(for: entry), width: 20)
        #expect(rows == ["→ straße  tcp"])
    }

    @Test("scrolled to the top, the view shows the oldest entries")
    func top() {
        var log = ScrollbackLog<TranscriptEntry>()
        for number in 1...10 { log.append(TranscriptEntry(time: "", kind: .note, text: "n\(number)")) }
        log.home(height: 1)
        let rows = Self.text(TranscriptLayout(width: 20, ascii: true).visibleRows(of: log, height: 3), width: 20)
        #expect(rows == ["- n1", "- n2", "- n3"])
        log.end()
        let bottom = Self.text(TranscriptLayout(width: 20, ascii: true).visibleRows(of: log, height: 3), width: 20)
        #expect(bottom == ["- n8", "- n9", "- n10"])
    }
}
