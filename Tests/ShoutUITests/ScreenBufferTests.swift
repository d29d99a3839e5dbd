import Testing

@testable import ShoutUI

@Suite("ScreenBuffer")
struct ScreenBufferTests {
    @Test("text is clipped by display width and a wide character never straddles the edge")
    func clipping() {
        var buffer = ScreenBuffer(width: 6, height: 3)
        #expect(buffer.put("abcdefgh", x: 0, y: 0) == 6)
        #expect(buffer.put("日本語", x: 1, y: 1) == 5)  // 本 fits at 3–4, 語 would need 5–6: a space at 5
        #expect(buffer.put("日本", x: 0, y: 2, maxWidth: 3) == 3)
        #expect(buffer.lines == ["abcdef", " 日本", "日"])
        #expect(buffer[5, 1] == .blank)
        #expect(buffer[1, 1].width == 2)
        #expect(buffer[2, 1].isContinuation)
        #expect(buffer[2, 2] == .blank)
    }

    @Test("overwriting half of a wide character blanks the other half")
    func overwriteHalves() {
        var buffer = ScreenBuffer(width: 6, height: 2)
        buffer.put("日本語", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)  // right half of 日
        buffer.put("y", x: 2, y: 0)  // left half of 本
        #expect(buffer.lines[0] == " xy 語")
        #expect(!buffer[3, 0].isContinuation)
        buffer.put("日本語", x: 0, y: 1)
        buffer.put("字", x: 1, y: 1)  // straddles 日 and 本
        #expect(buffer.lines[1] == " 字 語")
        var aligned = ScreenBuffer(width: 4, height: 1)
        aligned.put("日本", x: 0, y: 0)
        aligned.put("字", x: 2, y: 0)  // exactly over 本
        #expect(aligned.lines == ["日字"])
        #expect(aligned[2, 0].width == 2)
        #expect(aligned[3, 0].isContinuation)
    }

    @Test(
        "control characters never reach a cell",
        arguments: [
            ("a\u{1B}[31mb", "a\\x1b[31mb"), ("x\ny", "x\\ny"), ("\r\n", "\\r\\n"), ("\u{7F}", "\\x7f"),
            ("\u{9B}2J", "\\x9b2J"), ("\u{202E}abc", "\\u{202e}abc"), ("a\u{2028}b", "a\\u{2028}b"),
        ]
    )
    func controls(input: String, shown: String) {
        var buffer = ScreenBuffer(width: 30, height: 1)
        buffer.put(input, x: 0, y: 0)
        #expect(buffer.lines == [shown])
        for cell in buffer.cells {
            #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
    }

    @Test("peer bytes are shown through VisibleText")
    func visibleBytes() {
        var buffer = ScreenBuffer(width: 20, height: 1)
        buffer.putVisible(bytes: [0x68, 0x69, 0x1B, 0x5B, 0x32, 0x4A, 0xFF], x: 0, y: 0)
        #expect(buffer.lines == ["hi\\x1b[2J\u{FFFD}"])
    }

    @Test("lone combining marks get a space to sit on; lone format characters are dropped")
    func zeroWidth() {
        var buffer = ScreenBuffer(width: 10, height: 1)
        let written = buffer.put("\u{301}a\u{200B}b", x: 0, y: 0)
        #expect(written == 3)
        #expect(buffer[0, 0].text == " \u{301}")
        #expect(buffer.lines == [" \u{301}ab"])
    }

    @Test("writing outside the buffer or at negative columns is clipped, never a crash")
    func outside() {
        var buffer = ScreenBuffer(width: 4, height: 2)
        #expect(buffer.put("abc", x: 0, y: 5) == 0)
        #expect(buffer.put("abc", x: 0, y: -1) == 0)
        #expect(buffer.put("abc", x: 9, y: 0) == 0)
        buffer.put("日本x", x: -1, y: 0)  // 日 is half off-screen: its visible half is a space
        #expect(buffer.lines == [" 本x", ""])
        #expect(buffer.put("abc", x: 0, y: 1, maxWidth: 0) == 0)
        #expect(buffer.put("abc", x: 0, y: 1, maxWidth: -3) == 0)
        let empty = ScreenBuffer(width: -3, height: -1)
        #expect(empty.lines == [])
        #expect(empty[0, 0] == .blank)
    }

    @Test("fill, clear and cursor")
    func fillAndClear() {
        var buffer = ScreenBuffer(width: 5, height: 3)
        buffer.fill(Rect(x: 1, y: 1, width: 10, height: 5), with: "#")
        #expect(buffer.lines == ["", " ####", " ####"])
        buffer.fill(Rect(x: 0, y: 0, width: 5, height: 1), with: "日")
        #expect(buffer.lines[0] == "日日")  // the fifth column is a space, not half a 日
        buffer.cursor = (2, 1)
        #expect(buffer.cursor?.x == 2)
        buffer.clear()
        #expect(buffer.lines == ["", "", ""])
        #expect(buffer.cursor == nil)
        #expect(buffer == ScreenBuffer(width: 5, height: 3))
    }

    @Test("blanking a rectangle over wide characters: a character cut at either edge loses its other half too")
    func blankOverWideCharacters() {
        let style = CellStyle.role(.muted)
        for x in 0...4 {
            for width in 1...5 {
                var buffer = ScreenBuffer(width: 8, height: 1)
                buffer.put("日本語ok", x: 0, y: 0)
                buffer.fill(Rect(x: x, y: 0, width: width, height: 1), style: style)
                // What writing the same spaces one at a time makes.
                var expected = ScreenBuffer(width: 8, height: 1)
                expected.put("日本語ok", x: 0, y: 0)
                expected.put(String(repeating: " ", count: width), x: x, y: 0, style: style)
                #expect(buffer == expected, "x \(x), width \(width): \(buffer.lines) vs \(expected.lines)")
                #expect((0..<8).allSatisfy { !buffer[$0, 0].isContinuation || buffer[$0 - 1, 0].width == 2 })
            }
        }
    }

    @Test("styles are kept per cell")
    func styles() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("ok", x: 0, y: 0, style: .role(.good))
        buffer.put("日", x: 3, y: 0, style: CellStyle(role: .bad, bold: true))
        #expect(buffer[0, 0].style.role == .good)
        #expect(buffer[2, 0].style == .plain)
        #expect(buffer[3, 0].style == CellStyle(role: .bad, bold: true))
        #expect(buffer[4, 0].style == CellStyle(role: .bad, bold: true))
    }
}
