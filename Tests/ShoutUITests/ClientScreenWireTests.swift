import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// `shout client --wire`: the client's own packets among its transcript's lines, where their time puts them.
@Suite("Client screen with --wire")
struct ClientScreenWireTests {
    static let server = ClientScreenHarness.server
    static let local = ClientScreenHarness.local

    /// A TCP segment of the client's (`outgoing`: from the client), `milliseconds` after the harness's start.
    static func tcp(
        _ flags: TCPFlags,
        seq: UInt32,
        ack: UInt32?,
        _ text: String = "",
        fromClient: Bool = true,
        client: Endpoint = local,
        at milliseconds: Double
    ) -> WireRecord {
        WireRecord(
            time: ClientScreenHarness.date.addingTimeInterval(milliseconds / 1000),
            direction: fromClient ? .incoming : .outgoing,
            peer: client,
            local: server,
            content: .tcp(
                .init(
                    flags: flags,
                    sequence: seq,
                    acknowledgement: ack,
                    window: 65536,
                    payload: Payload(Array(text.utf8)),
                    isRetransmission: false
                )
            )
        )
    }

    /// A screen over TCP showing its packets.
    static func screen(_ transport: Transport = .tcp) -> ClientScreenHarness {
        var screen = ClientScreenHarness(transport: transport)
        screen.state.wire = ClientWireFilter()
        return screen
    }

    @Test("the handshake goes before the connection's note and the line it waited for; the data before the reply")
    func tcpExchange() {
        var screen = Self.screen()
        _ = screen.state.start(at: screen.at(0))
        // The capture reads the handshake before the socket says it is connected (and which port it has).
        let handshake = [
            Self.tcp(.syn, seq: 0, ack: nil, at: 0.2),
            Self.tcp([.syn, .ack], seq: 0, ack: 1, fromClient: false, at: 0.3),
            Self.tcp(.ack, seq: 1, ack: 1, at: 0.4),
        ]
        screen.state.apply(.wire(handshake, missed: 0), at: screen.at(0))
        #expect(screen.lines(after: 1).isEmpty)
        screen.ready(1, .tcp, at: 1)
        screen.state.apply(.wire([], missed: 0), at: screen.at(1))
        screen.enter("hello", at: 2)
        // A reply's segment arrives before its report is read; the capture's batch comes after the report.
        screen.reply("HELLO", over: .tcp, at: 3)
        let data = [
            Self.tcp([.psh, .ack], seq: 1, ack: 1, "hello", at: 2.1),
            Self.tcp([.psh, .ack], seq: 1, ack: 6, "HELLO", fromClient: false, at: 2.5),
            Self.tcp(.ack, seq: 6, ack: 6, at: 3.1),
        ]
        screen.state.apply(.wire(data, missed: 0), at: screen.at(3))
        #expect(
            screen.lines(after: 1) == [
                "≈ tcp :50000 → SYN seq 0",
                "≈ tcp :50000 ← SYN-ACK seq 0 ack 1",
                "≈ tcp :50000 → ACK seq 1 ack 1",
                "· connected to 127.0.0.1:12000 over TCP (handshake 0.3 ms) [tcp]",
                "→ hello [tcp]",
                "≈ tcp :50000 → PSH-ACK 5 B \"hello\" seq 1 ack 1",
                "≈ tcp :50000 ← PSH-ACK 5 B \"HELLO\" seq 1 ack 6",
                "← HELLO [tcp  1.0 ms]",
                "≈ tcp :50000 → ACK seq 6 ack 6",
            ]
        )
    }

    @Test("another client's packets on the server's port are not shown")
    func othersLeftOut() {
        var screen = Self.screen()
        screen.startReady()
        let other = Endpoint(host: "127.0.0.1", port: 50001)
        screen.state.apply(
            .wire(
                [Self.tcp(.syn, seq: 0, ack: nil, client: other, at: 1), Self.tcp(.ack, seq: 1, ack: 1, at: 2)],
                missed: 0
            ),
            at: screen.at(5)
        )
        #expect(screen.lines.filter { $0.hasPrefix("≈") } == ["≈ tcp :50000 → ACK seq 1 ack 1"])
    }

    @Test("without a capture, records change nothing")
    func withoutCapture() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        let before = screen.lines
        screen.state.apply(.wire([Self.tcp(.ack, seq: 1, ack: 1, at: 2)], missed: 3), at: screen.at(5))
        #expect(screen.lines == before)
    }

    @Test("an ICMP port unreachable is shown beside the loss it caused, in its own words")
    func icmp() {
        var screen = Self.screen(.udp)
        screen.startReady()
        screen.enter("anyone?", at: 1)
        screen.report(.event(.problem(.udp, .udpPortUnreachable)), socket: 1, at: 2)
        let record = WireRecord(
            time: ClientScreenHarness.date.addingTimeInterval(0.0015),
            direction: .outgoing,
            peer: Endpoint(host: "127.0.0.1", port: 0),
            local: Endpoint(host: "127.0.0.1", port: 0),
            content: .icmp(
                WireICMP(message: "port unreachable", transport: .udp, source: Self.local, destination: Self.server)
            )
        )
        screen.state.apply(.wire([record], missed: 0), at: screen.at(2))
        let lines = screen.lines(after: 2)
        #expect(lines.first == "→ anyone? [udp]")
        #expect(lines.dropFirst().first == "≈ icmp 127.0.0.1 ← ICMP port unreachable (udp 127.0.0.1:50000 → :12000)")
        #expect(lines.last?.hasPrefix("✗ no reply to \"anyone?\"") == true, "\(lines)")
    }

    @Test("packets the capture left out are said once, the first time (a flood would say it every frame)")
    func missed() {
        var screen = Self.screen(.udp)
        screen.startReady()
        screen.state.apply(.wire([], missed: 0), at: screen.at(0))
        #expect(!screen.lines.contains { $0.contains("could not keep up") })
        screen.state.apply(.wire([], missed: 5), at: screen.at(10))
        screen.state.apply(.wire([], missed: 7), at: screen.at(20_000))
        #expect(
            screen.lines.filter { $0.contains("could not keep up") } == [
                "· the capture of the server's port could not keep up: from here on, some packets may not be shown"
            ]
        )
    }

    @Test("a packet's line is dimmed, with a marker of its own (~ in ASCII)")
    func style() throws {
        let entry = ClientScreenState.segmentEntry(Self.tcp(.syn, seq: 0, ack: nil, at: 0))
        #expect(entry.kind == .segment)
        #expect(entry.marker(ascii: true) == "~")
        let row = TranscriptLayout(width: 80, ascii: false).rows(for: entry)[0]
        let text = try #require(row.first { $0.text == "tcp :50000 → SYN seq 0" })
        #expect(text.style == CellStyle(role: .muted, dim: true))
        #expect(TranscriptLayout.style(of: .note) != TranscriptLayout.style(of: .segment))
    }

    @Test("a packet's line has no detail column: it takes those columns too (the demo's half is 60 wide)")
    func fullWidth() {
        let record = Self.tcp([.psh, .ack], seq: 1, ack: 1, "hi\n", at: 0)
        let entry = ClientScreenState.segmentEntry(record)
        #expect(entry.text == "tcp :50000 → PSH-ACK 3 B \"hi\\n\" seq 1 ack 1")
        let layout = TranscriptLayout(width: 56, ascii: false)
        #expect(layout.rows(for: entry).count == 1)
        var note = entry
        note.kind = .note
        #expect(layout.rows(for: note).count == 2)
    }

    @Test("a packet put among lines above a reader who scrolled up counts as new below only when it is below the view")
    func scrolledUp() {
        var log = ScrollbackLog<Int>(capacity: 5)
        log.append(contentsOf: 1...5)
        log.scroll(by: -2, height: 2)
        #expect(log.visible(height: 2) == [2, 3])
        log.insert(10, at: 4)
        #expect(log.visible(height: 2) == [2, 3])
        #expect(log.newBelow == 1)
        // Above the view in a full log: the oldest line goes, the view's bottom line stays where it was.
        log.insert(11, at: 1)
        #expect(log.lines == [11, 3, 4, 10, 5])
        #expect(log.visible(height: 2) == [11, 3])
        #expect(log.newBelow == 1)
        // At the bottom, a line put before the newest one is in view.
        log.end()
        log.insert(12, at: 4)
        #expect(log.lines == [3, 4, 10, 12, 5])
        #expect(log.visible(height: 2) == [12, 5])
    }
}
