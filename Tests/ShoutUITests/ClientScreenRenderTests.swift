import ShoutCore
import Testing

@testable import ShoutUI

/// The client screen rendered into a buffer, compared as text lines.
@Suite("Client screen rendering")
struct ClientScreenRenderTests {
    /// A screen with a short exchange: replies, a loss and a switch to TCP.
    static func sample() -> ClientScreenHarness {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("hello there", at: 0)
        screen.reply("HELLO THERE", at: 1)
        screen.enter("straße", at: 10)
        screen.tick(at: 1010)
        screen.press(.function(2), at: 1020)
        screen.ready(2, .tcp, at: 1021)
        screen.enter("日本語 😀", at: 1030)
        screen.reply("日本語 😀", over: .tcp, socket: 2, at: 1031)
        for character in "abc" { screen.press(.character(character)) }
        return screen
    }

    static func render(_ state: ClientScreenState, width: Int, height: Int, ascii: Bool = false) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: ascii)
        return buffer
    }

    @Test(
        "80×12: status bar, transcript with times and details, separator (with the UDP lesson, once), input line"
    )
    func wholeScreen() {
        let screen = Self.render(Self.sample().state, width: 80, height: 12)
        #expect(
            screen.lines == [
                "┌ TCP → 127.0.0.1:12000 connected ─ sent 3 · replies 2 · lost 1 ── F2 UDP/TCP ─┐",
                "│ 14:02:11  ← HELLO THERE                                        udp  1.0 ms   │",
                "│ 14:02:11  → straße                                             udp           │",
                "│ 14:02:11  ✗ no reply within 1.0 s to \"straße\"                  udp           │",
                "│ 14:02:11  · switched to TCP                                                  │",
                "│ 14:02:11  · connected to 127.0.0.1:12000 over TCP (handshake                 │",
                "│             0.3 ms)                                            tcp           │",
                "│ 14:02:11  → 日本語 😀                                          tcp           │",
                "│ 14:02:11  ← 日本語 😀                                          tcp  1.0 ms   │",
                "├ ↑ more above · PgUp ──────────────────── UDP gives no guarantee of delivery ─┤",
                "│ tcp> abc                                                                     │",
                "└──────────────────────────────────────────────────────────────────────────────┘",
            ]
        )
        #expect(screen.cursor?.x == 10)
        #expect(screen.cursor?.y == 10)
    }

    @Test("a tiny 24×5 screen keeps the status and the input line")
    func tiny() {
        let screen = Self.render(Self.sample().state, width: 24, height: 5)
        #expect(
            screen.lines == [
                "┌ TCP connected ── F2 ─┐",
                "│   1.0 ms             │",
                "├ ↑ more above · PgUp ─┤",
                "│ tcp> abc             │",
                "└──────────────────────┘",
            ]
        )
    }

    @Test("ASCII borders and markers for a terminal without UTF-8")
    func ascii() {
        let screen = Self.render(Self.sample().state, width: 40, height: 5, ascii: true)
        #expect(
            screen.lines == [
                "+ TCP connected ---------- F2 UDP/TCP -+",
                "| < 日本語 😀  tcp  1.0 ms             |",
                "+ ^ more above | PgUp -----------------+",
                "| tcp> abc                             |",
                "+--------------------------------------+",
            ]
        )
    }

    @Test("it draws only inside its rectangle of a larger buffer, and puts the cursor there")
    func insideRect() {
        var buffer = ScreenBuffer(width: 50, height: 8)
        buffer.fill(buffer.bounds, with: "#")
        Self.sample().state.render(
            into: &buffer,
            area: Rect(x: 10, y: 2, width: 30, height: 5),
            focused: true,
            ascii: false
        )
        #expect(buffer.lines[1] == String(repeating: "#", count: 50))
        #expect(buffer.lines[7] == String(repeating: "#", count: 50))
        #expect(buffer.lines[2].hasPrefix("##########┌"))
        #expect(buffer.lines[2].hasSuffix("┐##########"))
        #expect(buffer.cursor?.x == 10 + 10)
        #expect(buffer.cursor?.y == 5)
        var unfocused = ScreenBuffer(width: 50, height: 8)
        Self.sample().state.render(
            into: &unfocused,
            area: Rect(x: 10, y: 2, width: 30, height: 5),
            focused: false,
            ascii: false
        )
        #expect(unfocused.cursor == nil)
    }

    @Test("the cursor sits on the right cell after wide characters and combining marks")
    func cursorWithWideCharacters() {
        var screen = ClientScreenHarness()
        screen.startReady()
        for character in "日本語 😀 e\u{301}x" { screen.press(.character(character)) }
        screen.press(.left)
        let buffer = Self.render(screen.state, width: 40, height: 6)
        // "│ udp> " is 7 columns; 日本語 6, space 1, 😀 2, space 1, é 1: the cursor is on the x.
        #expect(buffer.cursor?.x == 7 + 11)
        #expect(buffer.lines[4] == "│ udp> 日本語 😀 éx                    │")
    }

    @Test("a line longer than the field scrolls horizontally and keeps the cursor inside")
    func longInput() {
        var screen = ClientScreenHarness()
        screen.startReady()
        for character in String(repeating: "0123456789", count: 30) { screen.press(.character(character)) }
        let buffer = Self.render(screen.state, width: 30, height: 5)
        let input = buffer.lines[3]
        #expect(input.hasPrefix("│ udp> "))
        #expect(input.hasSuffix("789  │"))
        #expect(buffer.cursor.map { $0.x < 29 } == true)
        screen.press(.home)
        let home = Self.render(screen.state, width: 30, height: 5)
        #expect(home.lines[3] == "│ udp> 012345678901234567890 │")
        #expect(home.cursor?.x == 7)
    }

    @Test("scrolled up: a marker on the separator counts the lines below")
    func scrolledMarker() {
        var screen = Self.sample()
        screen.state.layout(area: Rect(x: 0, y: 0, width: 80, height: 8))
        screen.press(.pageUp)
        screen.state.notice("later", at: screen.at(2000))
        let buffer = Self.render(screen.state, width: 80, height: 8)
        #expect(buffer.lines[5].contains("↓ 1 new · End"))
        #expect(!buffer.lines.joined().contains("later"))
    }

    @Test("no size, however small, crashes or draws outside", arguments: 0...16)
    func anySize(width: Int) {
        let state = Self.sample().state
        for height in 0...9 {
            let screen = Self.render(state, width: width, height: height)
            #expect(screen.lines.count == height)
            for line in screen.lines { #expect(DisplayWidth.of(line) <= width) }
            if let cursor = screen.cursor { #expect(screen.contains(x: cursor.x, y: cursor.y)) }
        }
    }
}
