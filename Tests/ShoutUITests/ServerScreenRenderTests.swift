import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// The server screen rendered to a buffer and compared as whole screens of text.
@Suite("Server screen rendering")
struct ServerScreenRenderTests {
    typealias F = ServerScreenFixture

    static var classroom: [ServerEvent] {
        [
            ServerEvent(
                time: F.at(100),
                .connected(
                    connection: 1,
                    peer: F.laptop,
                    local: Endpoint(host: "192.168.1.20", port: 12000)
                )
            )
        ]
            + F.exchange("straße", at: 150)
            + F.exchange("日本語 ok", with: F.laptop, transport: .tcp, at: 180)
            + F.exchange("\u{1b}]0;pwned\u{07}", at: 190)
    }

    @Test(
        "the detail level's width shortcut is the width of the prefix drawn, at every level, for every kind of line",
        arguments: [false, true]
    )
    func prefixWidthMatchesPrefix(ascii: Bool) {
        let payload = Payload(Array("straße".utf8))
        let peers = [Endpoint(host: "10.0.0.5", port: 5), Endpoint(host: "fe80::1:2", port: 65_535), F.laptop]
        var lines: [TrafficLine] = [.note("a note", time: F.at(1))]
        for peer in peers {
            for kind in [TrafficLine.Kind.received, .replied] {
                for transport in [Transport.udp, .tcp] {
                    lines.append(
                        TrafficLine(time: F.at(2), kind: kind, transport: transport, peer: peer, payload: payload)
                    )
                }
            }
        }
        for line in lines {
            let pieces = ServerScreenRenderer.trafficPrefix(line, level: 0, ascii: ascii).map { DisplayWidth.of($0.0) }
            for level in ServerScreenRenderer.trafficDetailLevels {
                let drawn = ServerScreenRenderer.trafficPrefix(line, level: level, ascii: ascii).map(\.0).joined()
                #expect(
                    ServerScreenRenderer.prefixWidth(line, pieceWidths: pieces, level: level, ascii: ascii)
                        == DisplayWidth.of(drawn),
                    "level \(level): \(drawn)"
                )
            }
        }
    }

    @Test("80×20: header, peers, both panes with wide characters and escaped control characters, footer")
    func wholeScreen() {
        let screen = F.render(F.state(Self.classroom))
        #expect(
            screen.lines == [
                "┌ udp+tcp :12000 on 192.168.1.20 +1 ─ up 00:03:12 ─ in 3 · out 3 · 0/s ────────┐",
                "├ Peers · 1 tcp · 1 udp ───────────────────────────────────────────────────────┤",
                "│ tcp 192.168.1.31:51522  connected 00:01:32  in 1 · out 1  last 12 s ago      │",
                "│ udp 192.168.1.44:60211  seen  in 2 · out 2  last 2 s ago                     │",
                "│                                                                              │",
                "├ [Received] ──────────────────────────┬ Replies sent ─────────────────────────┤",
                "│ udp :60211  straße                   │ udp → :60211  STRASSE                 │",
                "│ tcp :51522  日本語 ok                │ tcp → :51522  日本語 OK               │",
                "│ udp :60211  \\x1b]0;pwned\\x07         │ udp → :60211  \\x1b]0;PWNED\\x07        │",
            ]
                + Array(
                    repeating: "│                                      │                                       │",
                    count: 8
                ) + [
                    "├──────────────────────────────────────┴───────────────────────────────────────┤",
                    "│ Tab pane · space pause · / filter · m mark · d drop · ? help · q quit        │",
                    "└──────────────────────────────────────────────────────────────────────────────┘",
                ]
        )
    }

    @Test("120×14: every address, the time and the size fit; a resize from 80×20 re-lays out the same state")
    func wideAndResized() {
        var state = F.state(Self.classroom)
        state.apply(.resize(width: 120, height: 14))
        let screen = F.render(state)
        let (t1, t2, t3) = (F.clock(150), F.clock(180), F.clock(190))
        #expect(
            screen.lines == [
                "┌ shout server ─ udp+tcp :12000 on 192.168.1.20, ::1 ─ up 00:03:12 ─ in 3 · out 3 · 0/s ───────────────────────────────┐",
                "├ Peers · 1 tcp · 1 udp ───────────────────────────────────────────────────────────────────────────────────────────────┤",
                "│ tcp 192.168.1.31:51522 → 192.168.1.20:12000  connected 00:01:32  in 1 · out 1  last 12 s ago                         │",
                "│ udp 192.168.1.44:60211  seen  in 2 · out 2  last 2 s ago                                                             │",
                "├ [Received] ──────────────────────────────────────────────┬ Replies sent ─────────────────────────────────────────────┤",
                "│ \(t1) udp 192.168.1.44:60211  7 B  straße             │ \(t1) udp → 192.168.1.44:60211  7 B  STRASSE           │",
                "│ \(t2) tcp 192.168.1.31:51522  12 B  日本語 ok         │ \(t2) tcp → 192.168.1.31:51522  12 B  日本語 OK        │",
                "│ \(t3) udp 192.168.1.44:60211  10 B  \\x1b]0;pwned\\x07  │ \(t3) udp → 192.168.1.44:60211  10 B  \\x1b]0;PWNED\\x07 │",
                "│                                                          │                                                           │",
                "│                                                          │                                                           │",
                "│                                                          │                                                           │",
                "├──────────────────────────────────────────────────────────┴───────────────────────────────────────────────────────────┤",
                "│ Tab pane · ↑↓ PgUp PgDn · space pause · x hex · / filter · m mark · d/l/j drop/delay/jitter · ? help · q quit        │",
                "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
            ]
        )
    }

    @Test("20×6: the compact screen shows the totals and the focused pane; long text is cut with an ellipsis")
    func tiny() {
        let screen = F.render(F.state(Self.classroom, width: 20, height: 6))
        #expect(
            screen.lines == [
                "┌ shout :12000 ────┐",
                "│in 3 · out 3 · 0/s│",
                "├ [Received] ──────┤",
                "│ tcp 日本語 ok    │",
                "│ udp \\x1b]0;pwne… │",
                "└──────────────────┘",
            ]
        )
    }

    @Test("10×3: a one-line notice, and no size at all crashes or overflows")
    func tooSmall() {
        #expect(F.render(F.state(Self.classroom, width: 10, height: 3)).lines == ["too small", "", ""])
        #expect(F.render(F.state(Self.classroom, width: 19, height: 6)).lines.first == "terminal too small")
        for width in 0...45 {
            for height in 0...12 {
                var state = F.state(Self.classroom, width: width, height: height)
                state.apply(.key(.character("?")))
                let screen = F.render(state)
                #expect(screen.lines.count == height)
                for line in screen.lines { #expect(DisplayWidth.of(line) <= width) }
            }
        }
    }

    @Test("the screen draws only inside its rectangle of a larger buffer (the demo's half)")
    func insideARect() {
        let state = F.state(Self.classroom, width: 24, height: 6)
        var buffer = ScreenBuffer(width: 30, height: 8)
        buffer.fill(buffer.bounds, with: "#")
        ServerScreenRenderer.render(state, into: &buffer, area: Rect(x: 3, y: 1, width: 24, height: 6))
        #expect(
            buffer.lines == [
                "##############################",
                "###┌ shout :12000 ────────┐###",
                "###│in 3 · out 3 · 0/s    │###",
                "###├ [Received] ──────────┤###",
                "###│ tcp 日本語 ok        │###",
                "###│ udp \\x1b]0;pwned\\x07 │###",
                "###└──────────────────────┘###",
                "##############################",
            ]
        )
    }

    @Test("help overlay lists the keys over the panes")
    func help() {
        var state = F.state(Self.classroom, width: 60, height: 16)
        state.apply(.key(.character("?")))
        let lines = F.render(state).lines
        #expect(lines[1] == "├ P┌ Help: keys ───────────────────────────────────────┐───┤")
        #expect(lines[4] == "├ [│ space              pause or resume the display    │───┤")
        #expect(lines[13] == "├──│ q  Ctrl-C          quit; any key closes this help │───┤")
        state.apply(.key(.character("j")))
        #expect(!F.render(state).lines.joined().contains("Help"))
    }

    @Test("ASCII borders and separators for a terminal without UTF-8")
    func ascii() {
        let screen = F.render(F.state(Self.classroom, width: 60, height: 10), ascii: true)
        #expect(
            screen.lines == [
                "+ udp+tcp :12000 on 192.168.1.20 +1 - in 3 | out 3 | 0/s --+",
                "+ Peers | 1 tcp | 1 udp -----------------------------------+",
                "| tcp 192.168.1.31:51522  connected 00:01:32  in 1 | out 1 |",
                "+ [Received] ----------------+ Replies sent ---------------+",
                "| udp :60211  straße         | udp -> :60211  STRASSE      |",
                "| tcp :51522  日本語 ok      | tcp -> :51522  日本語 OK    |",
                "| udp :60211  \\x1b]0;pwned\\~ | udp -> :60211  \\x1b]0;PWNE~ |",
                "+----------------------------+-----------------------------+",
                "| Tab pane | space pause | d drop | ? help | q quit        |",
                "+----------------------------------------------------------+",
            ]
        )
    }

    @Test("the impairment keys are hinted whenever there is room: all three when wide, `d drop` in the demo's half")
    func impairmentHints() {
        let state = F.state(Self.classroom, width: 120, height: 20)
        let wide = ServerScreenText.hints(state, ascii: false, width: 116)
        #expect(wide.contains("d/l/j drop/delay/jitter"))
        // The demo's server half is 60 columns: 56 for the hints inside the border and its margins.
        let half = ServerScreenText.hints(state, ascii: false, width: 56)
        #expect(half == "Tab pane · space pause · d drop · ? help · q quit")
        let narrow = ServerScreenText.hints(state, ascii: false, width: 30)
        #expect(narrow == "space pause · ? help · q quit")
    }
}

extension ServerScreenRenderTests {
    @Test("the Peers pane's title groups its counts as the header does (1,000 udp, not 1000)")
    func peersTitleGroupsDigits() {
        let events = (0..<1_000).flatMap { index in
            F.exchange("hi", with: Endpoint(host: "10.0.\(index / 250).\(index % 250 + 1)", port: 40_000), at: 150)
        }
        let screen = F.render(F.state(events, width: 120, height: 35)).lines
        #expect(screen.contains { $0.contains("Peers · 0 tcp · 1,000 udp") }, "\(screen.prefix(4))")
    }
}
