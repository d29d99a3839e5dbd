import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// Keys, pause, hex, clear and bounds of the server screen's state.
@Suite("Server screen state")
struct ServerScreenStateTests {
    typealias F = ServerScreenFixture

    static func lines(_ count: Int, from start: Int = 0) -> [ServerEvent] {
        (start..<(start + count)).flatMap { F.exchange("line \($0)", at: Double($0)) }
    }

    static func texts(_ log: ScrollbackLog<TrafficLine>, height: Int) -> [String] {
        log.visible(height: height).map { $0.payloadText(hex: false) }
    }

    @Test("a mark's label loses the spaces, tabs and other space separators at its ends, nothing else")
    func markLabelTrimmed() {
        var state = F.state(Self.lines(1))
        #expect(state.addMark(" \t\u{00A0}round two\u{3000} ") == "round two")
        #expect(state.addMark("\u{2003}x\u{2003}y\t") == "x\u{2003}y")
        #expect(state.addMark("\nline\n") == "\nline\n")
        #expect(state.addMark(" \t ") == "")
    }

    @Test("Tab and Shift-Tab move the focus, and the focused title is bracketed")
    func focus() {
        var state = F.state(Self.lines(2))
        #expect(state.focus == .received)
        state.apply(.key(.tab))
        #expect(state.focus == .replies)
        #expect(F.render(state).lines[5].hasPrefix("├ Received ──"))
        #expect(F.render(state).lines[5].contains("┬ [Replies sent] ─"))
        state.apply(.key(.tab))
        #expect(state.focus == .peers)
        state.apply(.key(.backTab))
        state.apply(.key(.backTab))
        #expect(state.focus == .received)
    }

    @Test("a reader who scrolled up stays put when new lines come, and a marker says how many wait below")
    func scrollKeepsPosition() {
        var state = F.state(Self.lines(30))  // 80×20: the panes show 11 lines
        #expect(Self.texts(state.received, height: 11).first == "line 19")
        state.apply(.key(.pageUp))
        #expect(Self.texts(state.received, height: 11).first == "line 9")
        state.apply(.events(Self.lines(3, from: 30), dropped: 0))
        #expect(Self.texts(state.received, height: 11).first == "line 9")
        #expect(state.received.newBelow == 3)
        // The Replies pane was not scrolled: it follows.
        #expect(Self.texts(state.replies, height: 11).last == "LINE 32")
        let screen = F.render(state)
        #expect(screen.lines[17] == "├──────────────── ↓ 3 new below (End) ─┴───────────────────────────────────────┤")
        state.apply(.key(.end))
        #expect(Self.texts(state.received, height: 11).last == "line 32")
        #expect(!F.render(state).lines[17].contains("new below"))
        state.apply(.key(.home))
        #expect(Self.texts(state.received, height: 11).first == "line 0")
        state.apply(.key(.down))
        #expect(Self.texts(state.received, height: 11).first == "line 1")
    }

    @Test("space pauses the panes; waiting lines are counted in the header and shown on resume")
    func pause() {
        var state = F.state(Self.lines(2))
        state.apply(.key(.character(" ")))
        #expect(state.isPaused)
        let more = Self.lines(5, from: 2)
        state.apply(.events(more, dropped: 0))
        state.apply(.counters(F.totals(of: Self.lines(7)), at: F.moment(200)))
        #expect(state.received.count == 2)
        #expect(state.waitingCount == 10)
        let header = F.render(state).lines[0]
        #expect(header.contains("in 7 · out 7"))
        #expect(header.contains("PAUSED (10 waiting)"))
        #expect(F.render(state).lines[18].contains("space resume"))
        state.apply(.key(.character(" ")))
        #expect(!state.isPaused)
        #expect(state.waitingCount == 0)
        #expect(Self.texts(state.received, height: 11).last == "line 6")
        #expect(Self.texts(state.replies, height: 11).last == "LINE 6")
    }

    @Test("paused, the Peers pane holds still too: no new peer, no new count, no ageing; resumed, it catches up")
    func pauseFreezesPeers() {
        let other = Endpoint(host: "192.168.1.99", port: 40000)
        var state = F.state(F.exchange("hi", at: 180), now: 182)
        let peersBefore = F.render(state).lines.filter { $0.contains("192.168.1.44") }
        #expect(peersBefore.first?.contains("in 1 · out 1") == true)
        state.apply(.key(.character(" ")))
        let later = F.exchange("again", at: 190) + F.exchange("new", with: other, at: 191)
        state.apply(.events(later, dropped: 0))
        state.apply(.counters(F.totals(of: F.exchange("hi", at: 180) + later), at: F.moment(200)))
        let paused = F.render(state).lines
        #expect(paused.filter { $0.contains("192.168.1.44") } == peersBefore)
        #expect(!paused.joined().contains("192.168.1.99"))
        #expect(paused[1].contains("Peers · 0 tcp · 1 udp"))
        #expect(paused[0].contains("in 3 · out 3"))
        state.apply(.key(.character(" ")))
        let resumed = F.render(state).lines
        #expect(resumed.contains { $0.contains("192.168.1.44") && $0.contains("in 2 · out 2") })
        #expect(resumed.contains { $0.contains("192.168.1.99") })
    }

    @Test("waiting lines are bounded by the pane capacity while the totals stay exact")
    func pauseIsBounded() {
        var state = F.state([], paneCapacity: 100)
        state.apply(.key(.character(" ")))
        let flood = Self.lines(1_000)
        state.apply(.events(flood, dropped: 0))
        state.apply(.counters(F.totals(of: flood), at: F.moment(1_000)))
        #expect(state.waitingCount == 200)
        state.apply(.key(.character(" ")))
        #expect(Self.texts(state.received, height: 100).first == "line 900")
        #expect(state.totals.received == 1_000)
    }

    @Test("20,000 events: panes keep their capacity, the header's totals stay exact, peers are bounded")
    func flood() {
        var state = ServerScreenState(info: F.info, paneCapacity: 10_000, peerCapacity: 1_000)
        var events: [ServerEvent] = []
        for index in 0..<20_000 {
            let peer = Endpoint(host: "10.0.\(index / 250).\(index % 250)", port: 40_000 + index % 7)
            events += F.exchange("n\(index)", with: peer, at: Double(index) / 1_000)
        }
        for chunk in stride(from: 0, to: events.count, by: 4_096) {
            state.apply(.events(Array(events[chunk..<min(events.count, chunk + 4_096)]), dropped: 0))
        }
        state.apply(.counters(F.totals(of: events), at: F.moment(30)))
        #expect(state.received.count == 10_000)
        #expect(state.replies.count == 10_000)
        #expect(state.peers.senders.count <= 1_000)
        #expect(state.peers.forgottenUDP + state.peers.senders.count == 20_000)
        #expect(state.received[0].payloadText(hex: false) == "n10000")
        #expect(F.render(state).lines[0].contains("in 20,000 · out 20,000"))
    }

    @Test("events the channel dropped become a note; totals still come from the counters")
    func channelDrops() {
        var state = F.state()
        state.apply(.events(F.exchange("hi", at: 5), dropped: 1_234))
        #expect(Self.texts(state.received, height: 5) == ["", "hi"])
        if case .note(let text) = state.received[0].kind {
            #expect(text.hasPrefix("1234 events not shown"))
        } else {
            Issue.record("expected a note")
        }
    }

    @Test("when a flood thinned the events, the Peers pane says the UDP counts are sampled")
    func sampledCounts() {
        var state = F.state(F.exchange("hi", at: 10), width: 100, height: 12)
        #expect(!F.render(state).lines[1].contains("sampled"))
        state.apply(.events(F.exchange("more", at: 11), dropped: 40))
        #expect(F.render(state).lines[1].contains("Peers · 0 tcp · 1 udp · udp counts sampled"))
    }

    @Test("a datagram the server chose not to answer is one Received line marked dropped")
    func droppedDatagram() {
        let payload = Payload(Array("lost".utf8))
        // The server reports it as one event (never a `received` as well).
        let events = [
            ServerEvent(time: F.at(10), .dropped(.udp, peer: F.student, payload: payload, reason: .impairment))
        ]
        var state = F.state(events, width: 120, height: 12)
        state.apply(.impairments(Impairments(drop: 30, delay: 200)))
        #expect(state.received.count == 1)
        #expect(state.received[0].kind == .dropped(.impairment))
        let lines = F.render(state).lines
        #expect(lines[0].contains("drop 30% · delay 200 ms"))
        #expect(lines.contains { $0.contains("udp 192.168.1.44:60211  4 B  DROPPED lost") })
        #expect(lines.contains { $0.contains("in 1 · out 0 · dropped 1") })
    }

    @Test("x shows payloads as hex bytes and back")
    func hex() {
        var state = F.state(F.exchange("hi\u{1b}", at: 1), width: 120, height: 12)
        state.apply(.key(.character("x")))
        let lines = F.render(state).lines
        #expect(lines.contains { $0.contains("3 B  68 69 1b") && $0.contains("3 B  48 49 1b") })
        #expect(lines.contains { $0.contains("[Received (hex)]") })
        state.apply(.key(.character("x")))
        #expect(F.render(state).lines.contains { $0.contains("3 B  hi\\x1b") })
    }

    @Test("c clears the panes and the UDP senders, but not the totals or open connections")
    func clear() {
        let connect = ServerEvent(time: F.at(1), .connected(connection: 7, peer: F.laptop, local: F.student))
        var state = F.state([connect] + Self.lines(5))
        state.apply(.key(.character("c")))
        #expect(state.received.count == 0)
        #expect(state.replies.count == 0)
        #expect(state.peers.senders.isEmpty)
        #expect(state.peers.openConnections == 1)
        #expect(state.totals.received == 5)
        #expect(F.render(state).lines[6].contains("waiting for traffic"))
    }

    @Test("help opens with ?, any key closes it without acting; q and Ctrl-C quit")
    func keys() {
        var state = F.state()
        #expect(state.apply(.key(.character("?"))).isEmpty)
        #expect(state.showsHelp)
        #expect(state.apply(.key(.character("q"))).isEmpty)
        #expect(!state.showsHelp)
        #expect(state.apply(.key(.character("q"))) == [.quit])
        #expect(state.apply(.key(.control("c"))) == [.quit])
    }

    @Test("renders are asked for only when something visible changed")
    func needsRender() {
        var state = F.state()
        state.markRendered()
        state.apply(.tick(F.moment(192.5)))
        #expect(!state.needsRender)
        state.apply(.events([], dropped: 0))
        #expect(!state.needsRender)
        state.apply(.tick(F.moment(193)))
        #expect(state.needsRender)
        state.markRendered()
        state.apply(.key(.tab))
        #expect(state.needsRender)
    }
}
