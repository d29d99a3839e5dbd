import Testing
@testable import ShoutUI

/// Whole screens rendered the way the client screen will be: a bordered transcript, a separator, an input line.
@Suite("Whole screen")
struct WholeScreenTests {
    static let transcript = ["→ hello 世界", "← HELLO 世界", "🎉 party time"]

    static func render(width: Int, height: Int, transcript: [String] = transcript,
                       input: String = "日本語 ok", box: BoxDrawing = .unicode) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        box.drawBox(buffer.bounds, title: "shout 日本", rightTitle: "F2", into: &buffer)
        let inner = buffer.bounds.inset(by: 1)
        let (body, inputRow) = inner.sliceBottom(1)
        if inputRow.y - 1 > 0 { box.drawSeparator(y: inputRow.y - 1, in: buffer.bounds, into: &buffer) }
        let area = body.inset(bottom: 1)
        let lines = transcript.flatMap { TextWrap.wrap($0, width: area.width) }.suffix(area.height)
        for (index, line) in lines.enumerated() {
            buffer.put(line, x: area.x, y: area.y + index, maxWidth: area.width)
        }
        guard !inputRow.isEmpty else { return buffer }
        let written = buffer.put("> ", x: inputRow.x, y: inputRow.y, style: .role(.accent), maxWidth: inputRow.width)
        let field = inputRow.inset(left: written)
        guard !field.isEmpty else { return buffer }
        let slice = LineEditor(text: input).visibleSlice(width: field.width)
        buffer.put(slice.text, x: field.x, y: field.y, maxWidth: field.width)
        buffer.cursor = (field.x + slice.cursorX, field.y)
        return buffer
    }

    @Test("a 20×6 screen with CJK and emoji")
    func small() {
        let screen = Self.render(width: 20, height: 6)
        #expect(screen.lines == [
            "┌ shout 日本 ─ F2 ─┐",
            "│← HELLO 世界      │",
            "│🎉 party time     │",
            "├──────────────────┤",
            "│> 日本語 ok       │",
            "└──────────────────┘",
        ])
        #expect(screen.cursor?.x == 12)
        #expect(screen.cursor?.y == 4)
    }

    @Test("the same content re-rendered at 30×8 (a resize)")
    func resized() {
        let screen = Self.render(width: 30, height: 8)
        #expect(screen.lines == [
            "┌ shout 日本 ─────────── F2 ─┐",
            "│→ hello 世界                │",
            "│← HELLO 世界                │",
            "│🎉 party time               │",
            "│                            │",
            "├────────────────────────────┤",
            "│> 日本語 ok                 │",
            "└────────────────────────────┘",
        ])
        #expect(screen.cursor?.x == 12)
        #expect(screen.cursor?.y == 6)
    }

    @Test("narrow: the transcript wraps, the title is cut and the input scrolls")
    func narrow() {
        let screen = Self.render(width: 12, height: 7, transcript: ["→ hello 世界 again"])
        #expect(screen.lines == [
            "┌ shout… ──┐",
            "│→ hello   │",
            "│世界 again│",
            "│          │",
            "├──────────┤",
            "│> 本語 ok │",
            "└──────────┘",
        ])
        #expect(screen.cursor?.x == 10)
    }

    @Test("a 10×3 terminal still draws a sane screen")
    func tiny() {
        let screen = Self.render(width: 10, height: 3)
        #expect(screen.lines == [
            "┌ shout… ┐",
            "│> 語 ok │",
            "└────────┘",
        ])
        #expect(screen.cursor?.x == 8)
    }

    @Test("ASCII borders for a non-UTF-8 terminal")
    func ascii() {
        let screen = Self.render(width: 20, height: 5, transcript: ["hi"], input: "", box: .ascii)
        #expect(screen.lines == [
            "+ shout 日本 - F2 -+",
            "|hi                |",
            "+------------------+",
            "|>                 |",
            "+------------------+",
        ])
    }

    @Test("no size, however small, crashes", arguments: 0...12)
    func anySize(width: Int) {
        for height in 0...8 {
            let screen = Self.render(width: width, height: height)
            #expect(screen.lines.count == height)
            for line in screen.lines { #expect(DisplayWidth.of(line) <= width) }
            if let cursor = screen.cursor { #expect(screen.contains(x: cursor.x, y: cursor.y)) }
        }
    }

    @Test("vertical separators join the horizontal lines they meet")
    func panes() {
        var buffer = ScreenBuffer(width: 16, height: 5)
        let box = BoxDrawing.unicode
        box.drawBox(buffer.bounds, title: "srv", into: &buffer)
        box.drawSeparator(y: 2, in: buffer.bounds, title: "In", into: &buffer)
        box.drawVerticalLine(x: 8, top: 2, bottom: 4, into: &buffer)
        buffer.put("日本語x", x: 1, y: 3, maxWidth: 7)
        buffer.put("🎉ok", x: 9, y: 3, maxWidth: 6)
        #expect(buffer.lines == [
            "┌ srv ─────────┐",
            "│              │",
            "├ In ───┬──────┤",
            "│日本語x│🎉ok  │",
            "└───────┴──────┘",
        ])
    }
}
