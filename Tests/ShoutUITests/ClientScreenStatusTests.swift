import ShoutCore
import Testing

@testable import ShoutUI

/// The client's status bar: its own address, the TCP handshake or "no connection" for UDP, dropped first when the
/// bar is narrow.
@Suite("Client screen status bar")
struct ClientScreenStatusTests {
    static let udpSocket = "UDP 127.0.0.1:50000 → 127.0.0.1:12000 · no connection"

    static func topLine(_ state: ClientScreenState, width: Int) -> String {
        var buffer = ScreenBuffer(width: width, height: 8)
        state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: false)
        return buffer.lines[0]
    }

    @Test("UDP: the local address and \"no connection\", with the program's name when there is room")
    func udpWidths() {
        var screen = ClientScreenHarness()
        screen.startReady()
        let counters = "sent 0 · replies 0 · lost 0"
        let server = "UDP → 127.0.0.1:12000 ready"
        let full = "shout client ─ \(Self.udpSocket) ─ \(counters)"
        #expect(screen.state.statusTitle(width: 98, ascii: false) == (full, 0))
        #expect(screen.state.statusTitle(width: 97, ascii: false) == ("\(Self.udpSocket) ─ \(counters)", 1))
        // Narrower: the local part goes before anything else the bar had before.
        #expect(screen.state.statusTitle(width: 82, ascii: false) == ("shout client ─ \(server) ─ \(counters)", 2))
        #expect(screen.state.statusTitle(width: 60, ascii: false) == ("\(server) ─ \(counters)", 3))
        #expect(
            screen.state.statusTitle(width: 120, ascii: true).title
                == "shout client - UDP 127.0.0.1:50000 -> 127.0.0.1:12000, no connection - sent 0, replies 0, lost 0"
        )

        let wide = Self.topLine(screen.state, width: 120)
        #expect(wide.hasPrefix("┌ shout client ─ \(Self.udpSocket) ─ \(counters) ─"), "\(wide)")
        #expect(wide.hasSuffix(" F2 UDP/TCP ─┐"))
        let narrow = Self.topLine(screen.state, width: 80)
        #expect(narrow.hasPrefix("┌ \(server) ─ \(counters) ─"), "\(narrow)")
        #expect(!narrow.contains("local"))
    }

    @Test("TCP: the local address and the handshake time, while connected")
    func tcpHandshake() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        screen.enter("a", at: 0)
        screen.reply("A", over: .tcp, socket: 1, at: 1)
        let socket = "TCP 127.0.0.1:50000 → 127.0.0.1:12000 · handshake 0.3 ms"
        let title = screen.state.statusTitle(width: 140, ascii: false).title
        #expect(title == "shout client ─ \(socket) ─ sent 1 · replies 1 · lost 0 · rtt 1.0 ms")
        // A 120-column terminal has room for it beside the key hint.
        #expect(
            Self.topLine(screen.state, width: 120)
                .hasPrefix("┌ \(socket) ─ sent 1 · replies 1 · lost 0 · rtt 1.0 ms")
        )
        // The server closes (the textbook TCP server does after each reply): no local address to show any more.
        screen.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 2)
        #expect(
            screen.state.statusTitle(width: 140, ascii: false).title
                == "shout client ─ TCP → 127.0.0.1:12000 closed by server ─ sent 1 · replies 1 · lost 0 · rtt 1.0 ms"
        )
    }

    @Test("at half a projector's width the counters keep their words: sent and lost, then the replies too when wider")
    func countersInWords() {
        var screen = ClientScreenHarness()
        screen.startReady()
        for number in 1...5 {
            screen.enter("line \(number)", at: number)
            screen.reply("LINE \(number)", at: number + 1)
        }
        // The demo's client half is 60 columns: the bar says what each number is.
        let demo = Self.topLine(screen.state, width: 60)
        #expect(demo.contains("sent 5 · lost 0"), "\(demo)")
        #expect(!demo.contains("5/5/0"))
        let wider = Self.topLine(screen.state, width: 76)
        #expect(wider.contains("sent 5 · replies 5 · lost 0"), "\(wider)")
        // Narrower still, the server goes before the counters: it is what the class connects to.
        #expect(screen.state.statusTitle(width: 44, ascii: false).title == "UDP → 127.0.0.1:12000 ready")
    }

    @Test("large counts are grouped as the server screen groups them")
    func groupedCounts() {
        var screen = ClientScreenHarness()
        screen.startReady()
        for number in 1...1_001 { screen.enter("l\(number)", at: 0) }
        #expect(screen.state.statusTitle(width: 200, ascii: false).title.contains("sent 1,001 · replies 0 · lost 0"))
    }
}
