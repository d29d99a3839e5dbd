import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// `shout demo` on a projector, whole frames as the demo composes them (``DemoLayout``, each half's own render,
/// ``DemoBar``): at 120×35, 80×24 and 60×15 the server half's Peers rows show each peer, its state and its counts,
/// peers come before the listening sockets when rows are short, and the client says the UDP lesson once.
@Suite("Demo screen")
struct DemoScreenTests {
    typealias F = ServerScreenFixture

    static let local = Endpoint(host: "127.0.0.1", port: 12000)
    static let tcpPeer = Endpoint(host: "127.0.0.1", port: 40084)
    static let udpPeer = Endpoint(host: "127.0.0.1", port: 48540)

    /// The server half after a TCP connection's exchange and UDP lines at `--drop 50`, two of them dropped.
    static func server(width: Int, height: Int) -> ServerScreenState {
        let tally = ConnectionTally(id: 1)
        tally.countRead()
        tally.countReply()
        var events = [
            ServerEvent(time: F.at(100), .listening(.tcp, local)),
            ServerEvent(time: F.at(100), .listening(.udp, local)),
            ServerEvent(time: F.at(150), .connected(connection: 1, peer: tcpPeer, local: local), connection: tally),
        ]
        events += F.exchange("over tcp", with: tcpPeer, transport: .tcp, at: 151)
        for (index, line) in ["line 1", "line 2", "line 3", "line 4"].enumerated() {
            let time = 160 + Double(index)
            if index.isMultiple(of: 2) {
                events.append(
                    ServerEvent(
                        time: F.at(time),
                        .dropped(.udp, peer: udpPeer, payload: Payload(Array(line.utf8)), reason: .impairment)
                    )
                )
            } else {
                events += F.exchange(line, with: udpPeer, at: time)
            }
        }
        var state = F.state(events, width: width, height: height, now: 170)
        state.apply(.impairments(Impairments(drop: 50)))
        return state
    }

    /// The client half after a reply and two UDP losses.
    static func client() -> ClientScreenState {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("hello there", at: 0)
        screen.reply("HELLO THERE", at: 1)
        screen.enter("line 1", at: 10)
        screen.enter("line 3", at: 20)
        screen.tick(at: 1030)
        return screen.state
    }

    /// The whole demo frame, the keyboard on `focus`.
    static func frame(width: Int, height: Int, focus: DemoFocus = .client) -> [String] {
        var buffer = ScreenBuffer(width: width, height: height)
        let layout = DemoLayout(area: buffer.bounds, focus: focus)
        var client = client()
        client.layout(area: Rect(x: 0, y: 0, width: layout.client.width, height: layout.client.height))
        var half = ScreenBuffer(width: layout.client.width, height: layout.client.height)
        client.render(into: &half, area: half.bounds, focused: focus == .client, ascii: false)
        buffer.draw(half, atX: layout.client.x, y: layout.client.y)
        let server = server(width: layout.server.width, height: layout.server.height)
        ServerScreenRenderer.render(server, into: &buffer, area: layout.server, focused: focus == .server)
        DemoBar.render(layout, focus: focus, ascii: false, into: &buffer)
        return buffer.lines
    }

    @Test("120×35: the server half's Peers rows fit its 60 columns; the client says the UDP lesson once")
    func projector() {
        let lines = Self.frame(width: 120, height: 35)
        // Each peer's row has its state and counts whole; the loss rows do not repeat the lesson, said once below.
        let expected: [String] =
            [
                " ▶ CLIENT: keys here ◀  shout demo                           server (F6)  F6/Ctrl-O switch · Ctrl-C quit",
                "┌ UDP → 127.0.0.1:12000 ready ─ sent 3 · lost 2 ────── F2 ─┐┌ udp+tcp :12000 ─ drop 50% ─ in 3 · out 3 · dropped 2 ────┐",
                "│ 14:02:11  · talking to 127.0.0.1:12000                   │├ Peers · 1 tcp · 1 udp ───────────────────────────────────┤",
                "│             over UDP; /help lists the                    ││ tcp welcoming socket 127.0.0.1:12000  listening          │",
                "│             commands and keys                            ││ tcp 127.0.0.1:40084  connected 00:00:20  in 1 · out 1    │",
                "│ 14:02:11  · UDP socket ready: local port                 ││ udp socket 127.0.0.1:12000  shared by every sender       │",
                "│             50000 → 127.0.0.1:12000        udp           ││ udp 127.0.0.1:48540  seen  in 4 · out 2 · dropped 2      │",
                "│ 14:02:11  → hello there                    udp           ││                                                          │",
                "│ 14:02:11  ← HELLO THERE                    udp  1.0 ms   ││                                                          │",
                "│ 14:02:11  → line 1                         udp           ││                                                          │",
                "│ 14:02:11  → line 3                         udp           │├ Received ──────────────────┬ Replies sent ───────────────┤",
                "│ 14:02:11  ✗ no reply within 1.0 s to \"line               ││ tcp :40084  over tcp       │ tcp → :40084  OVER TCP      │",
                "│             1\"                             udp           ││ udp :48540  DROPPED line 1 │ udp → :48540  LINE 2        │",
                "│ 14:02:11  ✗ no reply within 1.0 s to \"line               ││ udp :48540  line 2         │ udp → :48540  LINE 4        │",
                "│             3\"                             udp           ││ udp :48540  DROPPED line 3 │                             │",
                "│                                                          ││ udp :48540  line 4         │                             │",
            ]
            + Array(
                repeating:
                    "│                                                          ││                            │                             │",
                count: 16
            ) + [
                "├───────────────────── UDP gives no guarantee of delivery ─┤├────────────────────────────┴─────────────────────────────┤",
                "│ udp>                                                     ││ Tab pane · space pause · d drop · ? help · q quit        │",
                "└──────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────┘",
            ]
        #expect(lines == expected)
    }

    @Test("80×24, stacked: the peers get the Peers pane's two rows before the listening sockets")
    func stacked() {
        let lines = Self.frame(width: 80, height: 24)
        // Two Peers rows: the two peers, before the listening sockets.
        let expected: [String] = [
            " ▶ CLIENT: keys here ◀ (above)           server (F6) (below)",
            "┌ UDP → 127.0.0.1:12000 ready ─ sent 3 · replies 1 · lost 2 · rtt 1.0 ms ─ F2 ─┐",
            "│ 14:02:11  ← HELLO THERE                                        udp  1.0 ms   │",
            "│ 14:02:11  → line 1                                             udp           │",
            "│ 14:02:11  → line 3                                             udp           │",
            "│ 14:02:11  ✗ no reply within 1.0 s to \"line 1\"                  udp           │",
            "│ 14:02:11  ✗ no reply within 1.0 s to \"line 3\"                  udp           │",
            "├ ↑ more above · PgUp ──────────────────── UDP gives no guarantee of delivery ─┤",
            "│ udp>                                                                         │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "┌ udp+tcp :12000 ─ up 00:02:50 ─ drop 50% ─ in 3 · out 3 · dropped 2 · 0/s ────┐",
            "├ Peers · 1 tcp · 1 udp ───────────────────────────────────────────────────────┤",
            "│ tcp 127.0.0.1:40084 → 127.0.0.1:12000  connected 00:00:20  in 1 · out 1      │",
            "│ udp 127.0.0.1:48540  seen  in 4 · out 2 · dropped 2  last 7 s ago            │",
            "├ Received ────────────────────────────┬ Replies sent ─────────────────────────┤",
            "│ tcp 127.0.0.1:40084  over tcp        │ tcp → 127.0.0.1:40084  OVER TCP       │",
            "│ udp 127.0.0.1:48540  DROPPED line 1  │ udp → 127.0.0.1:48540  LINE 2         │",
            "│ udp 127.0.0.1:48540  line 2          │ udp → 127.0.0.1:48540  LINE 4         │",
            "│ udp 127.0.0.1:48540  DROPPED line 3  │                                       │",
            "│ udp 127.0.0.1:48540  line 4          │                                       │",
            "│                                      │                                       │",
            "├──────────────────────────────────────┴───────────────────────────────────────┤",
            "│ Tab pane · space pause · / filter · m mark · d drop · ? help · q quit        │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ]
        #expect(lines == expected)
    }

    @Test("60×15, one half at a time: the client, then (F6) the server with its peers")
    func small() {
        let lines = Self.frame(width: 60, height: 15)
        let expected: [String] = [
            " ▶ CLIENT: keys here ◀         server (F6)",
            "┌ UDP → 127.0.0.1:12000 ready ─ sent 3 · lost 2 ────── F2 ─┐",
            "│ 14:02:11  · UDP socket ready: local port                 │",
            "│             50000 → 127.0.0.1:12000        udp           │",
            "│ 14:02:11  → hello there                    udp           │",
            "│ 14:02:11  ← HELLO THERE                    udp  1.0 ms   │",
            "│ 14:02:11  → line 1                         udp           │",
            "│ 14:02:11  → line 3                         udp           │",
            "│ 14:02:11  ✗ no reply within 1.0 s to \"line               │",
            "│             1\"                             udp           │",
            "│ 14:02:11  ✗ no reply within 1.0 s to \"line               │",
            "│             3\"                             udp           │",
            "├ ↑ more above ─────── UDP gives no guarantee of delivery ─┤",
            "│ udp>                                                     │",
            "└──────────────────────────────────────────────────────────┘",
        ]
        #expect(lines == expected)
        // F6: the server half alone, its two Peers rows the two peers.
        let server = Self.frame(width: 60, height: 15, focus: .server)
        let expectedServer: [String] = [
            " client (F6)  shout demo       ▶ SERVER: keys here ◀",
            "┌ udp+tcp :12000 ─ drop 50% ─ in 3 · out 3 · dropped 2 ────┐",
            "├ Peers · 1 tcp · 1 udp ───────────────────────────────────┤",
            "│ tcp 127.0.0.1:40084  connected 00:00:20  in 1 · out 1    │",
            "│ udp 127.0.0.1:48540  seen  in 4 · out 2 · dropped 2      │",
            "├ [Received] ────────────────┬ Replies sent ───────────────┤",
            "│ tcp :40084  over tcp       │ tcp → :40084  OVER TCP      │",
            "│ udp :48540  DROPPED line 1 │ udp → :48540  LINE 2        │",
            "│ udp :48540  line 2         │ udp → :48540  LINE 4        │",
            "│ udp :48540  DROPPED line 3 │                             │",
            "│ udp :48540  line 4         │                             │",
            "│                            │                             │",
            "├────────────────────────────┴─────────────────────────────┤",
            "│ Tab pane · space pause · d drop · ? help · q quit        │",
            "└──────────────────────────────────────────────────────────┘",
        ]
        #expect(server == expectedServer)
    }
}
