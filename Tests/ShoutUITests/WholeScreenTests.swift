import ShoutCore
import Testing

@testable import ShoutUI

/// The product's own screens, whole, through their state and render code (the client's `ClientScreenState` and the
/// server's `ServerScreenState` + `ServerScreenRenderer`): wide characters, small and odd sizes, a resize, ASCII
/// borders, and every size from nothing up without a crash.
@Suite("Whole screen")
struct WholeScreenTests {
    typealias F = ServerScreenFixture

    /// The client screen after two UDP exchanges in CJK and with an emoji, with `input` typed and not yet sent.
    static func client(input: String = "日本語 ok") -> ClientScreenState {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("hello 世界", at: 0)
        screen.reply("HELLO 世界", at: 1)
        screen.enter("🎉 party", at: 5)
        screen.reply("🎉 PARTY", at: 7)
        for character in input { screen.press(.character(character)) }
        return screen.state
    }

    static func render(_ state: ClientScreenState, width: Int, height: Int, ascii: Bool = false) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: ascii)
        return buffer
    }

    /// The server screen after a UDP and a TCP exchange with wide characters, laid out at `width`×`height`.
    static func server(width: Int, height: Int) -> ServerScreenState {
        F.state(
            F.exchange("日本語 x", at: 150) + F.exchange("🎉 ok", with: F.laptop, transport: .tcp, at: 180),
            width: width,
            height: height
        )
    }

    @Test("the client at 40×8: CJK and an emoji in the transcript and the input line, cursor after the input")
    func client40x8() {
        let screen = Self.render(Self.client(), width: 40, height: 8)
        #expect(
            screen.lines == [
                "┌ UDP → 127.0.0.1:12000 ready ──── F2 ─┐",
                "│ → hello 世界  udp                    │",
                "│ ← HELLO 世界  udp  1.0 ms            │",
                "│ → 🎉 party  udp                      │",
                "│ ← 🎉 PARTY  udp  2.0 ms              │",
                "├ ↑ more above · PgUp ─────────────────┤",
                "│ udp> 日本語 ok                       │",
                "└──────────────────────────────────────┘",
            ]
        )
        #expect(screen.cursor?.x == 16)
        #expect(screen.cursor?.y == 6)
    }

    @Test("the same client state re-rendered at 60×10 (a resize): times, the socket note and the counters come in")
    func clientResized() {
        let state = Self.client()
        _ = Self.render(state, width: 40, height: 8)
        let screen = Self.render(state, width: 60, height: 10)
        #expect(
            screen.lines == [
                "┌ UDP → 127.0.0.1:12000 ready ─ sent 2 · lost 0 ────── F2 ─┐",
                "│ 14:02:11  · UDP socket ready: local port                 │",
                "│             50000 → 127.0.0.1:12000        udp           │",
                "│ 14:02:11  → hello 世界                     udp           │",
                "│ 14:02:11  ← HELLO 世界                     udp  1.0 ms   │",
                "│ 14:02:11  → 🎉 party                       udp           │",
                "│ 14:02:11  ← 🎉 PARTY                       udp  2.0 ms   │",
                "├ ↑ more above · PgUp ─────────────────────────────────────┤",
                "│ udp> 日本語 ok                                           │",
                "└──────────────────────────────────────────────────────────┘",
            ]
        )
        #expect(screen.cursor?.x == 16)
        #expect(screen.cursor?.y == 8)
    }

    @Test("a narrow client: the title is cut, the transcript wraps, the input scrolls without splitting a character")
    func clientNarrow() {
        let screen = Self.render(Self.client(), width: 16, height: 8)
        #expect(
            screen.lines == [
                "┌ UDP ready ───┐",
                "│   udp        │",
                "│ ← 🎉 PARTY   │",
                "│   udp  2.0   │",
                "│   ms         │",
                "├ ↑ ───────────┤",
                "│ udp>  語 ok  │",
                "└──────────────┘",
            ]
        )
        #expect(screen.cursor?.x == 13)
        #expect(screen.cursor?.y == 6)
    }

    @Test("a 10×3 client still draws its status and the end of the input")
    func clientTiny() {
        let screen = Self.render(Self.client(), width: 10, height: 3)
        #expect(
            screen.lines == [
                "┌ UDP r… ┐",
                "│ 語 ok  │",
                "└────────┘",
            ]
        )
        #expect(screen.cursor?.x == 7)
        #expect(screen.cursor?.y == 1)
    }

    @Test("ASCII borders and markers for a terminal without UTF-8")
    func clientASCII() {
        let screen = Self.render(Self.client(input: ""), width: 30, height: 6, ascii: true)
        #expect(
            screen.lines == [
                "+ UDP ready ---- F2 UDP/TCP -+",
                "| > 🎉 party  udp            |",
                "| < 🎉 PARTY  udp  2.0 ms    |",
                "+ ^ more above | PgUp -------+",
                "| udp>                       |",
                "+----------------------------+",
            ]
        )
    }

    @Test("the server at 60×14: the panes' vertical line joins the separators above and below it")
    func server60x14() {
        let screen = F.render(Self.server(width: 60, height: 14))
        #expect(
            screen.lines == [
                "┌ udp+tcp :12000 on 192.168.1.20 +1 ─ in 2 · out 2 · 0/s ──┐",
                "├ Peers · 0 tcp · 1 udp ───────────────────────────────────┤",
                "│ udp 192.168.1.44:60211  seen  in 1 · out 1               │",
                "│                                                          │",
                "├ [Received] ────────────────┬ Replies sent ───────────────┤",
                "│ udp :60211  日本語 x       │ udp → :60211  日本語 X      │",
                "│ tcp :51522  🎉 ok          │ tcp → :51522  🎉 OK         │",
            ] + Array(repeating: "│                            │                             │", count: 4) + [
                "├────────────────────────────┴─────────────────────────────┤",
                "│ Tab pane · space pause · d drop · ? help · q quit        │",
                "└──────────────────────────────────────────────────────────┘",
            ]
        )
    }

    @Test("the server at 40×10: shorter peers, panes and key hints, the same junctions")
    func server40x10() {
        let screen = F.render(Self.server(width: 40, height: 10))
        #expect(
            screen.lines == [
                "┌ udp+tcp :12000 ─ in 2 · out 2 · 0/s ─┐",
                "├ Peers · 0 tcp · 1 udp ───────────────┤",
                "│ udp :60211  seen  in 1 · out 1       │",
                "├ [Received] ──────┬ Replies sent ─────┤",
                "│ udp 日本語 x     │ udp → 日本語 X    │",
                "│ tcp 🎉 ok        │ tcp → 🎉 OK       │",
                "│                  │                   │",
                "├──────────────────┴───────────────────┤",
                "│ space pause · ? help · q quit        │",
                "└──────────────────────────────────────┘",
            ]
        )
    }

    @Test("no size, however small, crashes either screen or draws outside it", arguments: 0...14)
    func anySize(width: Int) {
        let client = Self.client()
        for height in 0...10 {
            let screens = [
                Self.render(client, width: width, height: height),
                F.render(Self.server(width: width, height: height)),
            ]
            for screen in screens {
                #expect(screen.lines.count == height)
                for line in screen.lines { #expect(DisplayWidth.of(line) <= width, "\(width)×\(height): \(line)") }
                if let cursor = screen.cursor { #expect(screen.contains(x: cursor.x, y: cursor.y)) }
            }
        }
    }
}
