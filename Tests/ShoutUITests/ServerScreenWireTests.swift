import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

@Suite("The server screen's Wire pane: w shows the port's packets in place of Received and Replies")
struct ServerScreenWireTests {
    typealias F = ServerScreenFixture

    static let local = Endpoint(host: "192.168.1.20", port: 12000)

    static func segment(
        _ flags: TCPFlags,
        _ direction: WireRecord.Direction = .incoming,
        peer: Endpoint = F.student,
        seq: UInt32,
        ack: UInt32? = nil,
        text: String = "",
        again: Bool = false,
        at seconds: Double
    ) -> WireRecord {
        WireRecord(
            time: F.at(seconds),
            direction: direction,
            peer: peer,
            local: local,
            content: .tcp(
                WireRecord.TCPSegment(
                    flags: flags,
                    sequence: seq,
                    acknowledgement: ack,
                    window: 64240,
                    payload: Payload(Array(text.utf8)),
                    isRetransmission: again
                )
            )
        )
    }

    static let handshake = [
        segment(.syn, seq: 0, at: 10),
        segment([.syn, .ack], .outgoing, seq: 0, ack: 1, at: 10),
        segment(.ack, seq: 1, ack: 1, at: 10),
        segment([.psh, .ack], seq: 1, ack: 1, text: "hello", at: 11),
        segment([.psh, .ack], seq: 1, ack: 1, text: "hello", again: true, at: 11.2),
        segment([.psh, .ack], peer: F.laptop, seq: 1, ack: 1, text: "other", at: 12),
    ]

    /// A screen with a capture that saw `records`, the Wire pane shown.
    static func wireState(_ records: [WireRecord] = handshake, width: Int = 120, height: Int = 35) -> ServerScreenState
    {
        var state = F.state(F.exchange("hello", with: F.student, transport: .tcp, at: 11), width: width, height: height)
        state.wireAbsence = nil
        state.apply(.wire(records, missed: 0))
        state.apply(.key(.character("w")))
        return state
    }

    @Test("w puts the Wire pane across both traffic panes, one packet a line; w again brings them back")
    func toggles() {
        var state = Self.wireState()
        let screen = F.render(state).lines
        #expect(screen.contains { $0.contains("[Wire · w: Received/Replies]") })
        #expect(!screen.contains { $0.contains("Received") && !$0.contains("Wire") })
        let lines = screen.filter { $0.contains("tcp 192.168.1.") }
        #expect(lines.count == 6)
        #expect(
            lines[0].contains(
                "\(Timestamp.clockMilliseconds(F.at(10))) tcp 192.168.1.44:60211 → :12000 SYN seq 0 win 64240"
            )
        )
        #expect(lines[1].contains("tcp 192.168.1.44:60211 ← :12000 SYN-ACK seq 0 ack 1 win 64240"))
        #expect(lines[3].contains("PSH-ACK 5 B \"hello\" seq 1 ack 1 win 64240"))
        #expect(lines[4].contains("PSH-ACK 5 B \"hello\" seq 1 ack 1 win 64240 (retransmission)"))
        #expect(screen.contains { $0.contains("w panes") })
        state.apply(.key(.character("w")))
        let back = F.render(state).lines
        #expect(back.contains { $0.contains("[Received]") })
        #expect(!back.contains { $0.contains("SYN") })
    }

    @Test("without a capture the pane says what --wire needs")
    func noCapture() {
        var state = F.state(width: 120, height: 35)
        state.apply(.key(.character("w")))
        #expect(F.render(state).lines.contains { $0.contains("no capture: run with --wire (needs CAP_NET_RAW)") })
    }

    @Test("the filter picks out one connection's lines")
    func filtered() {
        var state = Self.wireState()
        state.apply(.key(.character("/")))
        for character in "51522" { state.apply(.key(.character(character))) }
        state.apply(.key(.enter))
        let lines = F.render(state).lines.filter { $0.contains("tcp 192.168.1.") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"other\"") == true)
    }

    @Test("paused, new packets wait and come in on resume; missed ones are said")
    func paused() {
        var state = Self.wireState(Array(Self.handshake.prefix(1)))
        state.apply(.key(.character(" ")))
        state.apply(.wire(Array(Self.handshake[1...2]), missed: 7))
        #expect(F.render(state).lines.filter { $0.contains("tcp 192.168.1.") }.count == 1)
        state.apply(.key(.character(" ")))
        let screen = F.render(state).lines
        #expect(screen.filter { $0.contains("tcp 192.168.1.") }.count == 3)
        #expect(screen.contains { $0.contains("at least 7 packets not shown: the capture could not keep up") })
    }

    @Test("in the demo's 60-column half the lines keep the flags and numbers whole: the peer by its port, no window")
    func narrow() {
        let state = Self.wireState(width: 60, height: 35)
        let lines = F.render(state).lines.filter { $0.contains("tcp :") && ($0.contains("→") || $0.contains("←")) }
        #expect(lines.count == 6)
        #expect(lines[1].contains("\(F.clock(10)) tcp :60211 ← SYN-ACK seq 0 ack 1 "))
        #expect(lines[3].contains("tcp :60211 → PSH-ACK 5 B \"hello\" seq 1 ack 1 "))
        #expect(lines[4].contains("tcp :60211 → PSH-ACK (retransmission) 5 B \"hel…"))
    }
}
