import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// The server screen's classroom keys: impairments on cue, marks, the filter, and the sockets in the Peers pane.
@Suite("Server screen classroom keys")
struct ServerClassroomKeysTests {
    typealias F = ServerScreenFixture

    static func press(_ state: inout ServerScreenState, _ keys: Key...) -> [ServerScreenEffect] {
        keys.flatMap { state.apply(.key($0)) }
    }

    static func type(_ state: inout ServerScreenState, _ text: String) {
        for character in text { state.apply(.key(.character(character))) }
    }

    @Test("d cycles the drop 0 → 10 → 50 → 100 → 0 %, l the delay 0 → 100 → 500 → 0 ms, j the jitter 0 ↔ 300 ms")
    func impairmentCycles() {
        var settings = Impairments()
        var drops: [Int] = []
        for _ in 0..<4 {
            settings = settings.cyclingDrop()
            drops.append(settings.drop)
        }
        #expect(drops == [10, 50, 100, 0])
        var delays: [Int] = []
        for _ in 0..<3 {
            settings = settings.cyclingDelay()
            delays.append(settings.delay)
        }
        #expect(delays == [100, 500, 0])
        #expect(settings.togglingJitter().jitter == 300)
        #expect(settings.togglingJitter().togglingJitter().jitter == 0)
        // Values from the command line step to the next stop above them; any jitter toggles off.
        #expect(Impairments(drop: 30).cyclingDrop().drop == 50)
        #expect(Impairments(delay: 900).cyclingDelay().delay == 0)
        #expect(Impairments(jitter: 40).togglingJitter().jitter == 0)
    }

    @Test("the keys ask the program to change the impairments, and the header shows them at once")
    func impairmentKeys() {
        var state = F.state([], width: 100, height: 20)
        #expect(Self.press(&state, .character("d")) == [.setImpairments(Impairments(drop: 10))])
        #expect(
            Self.press(&state, .character("l"), .character("j")) == [
                .setImpairments(Impairments(drop: 10, delay: 100)),
                .setImpairments(Impairments(drop: 10, delay: 100, jitter: 300)),
            ]
        )
        #expect(F.render(state).lines[0].contains("drop 10% · delay 100 ms · jitter 300 ms"))
        _ = Self.press(
            &state,
            .character("d"),
            .character("d"),
            .character("d"),
            .character("l"),
            .character("l"),
            .character("j")
        )
        #expect(state.impairments == Impairments())
        #expect(!F.render(state).lines[0].contains("drop"))
    }

    @Test("m asks for a label in the footer; Enter puts a numbered divider in both panes; Esc cancels")
    func marks() {
        var state = F.state(F.exchange("hello", at: 150), width: 100, height: 16)
        _ = Self.press(&state, .character("m"))
        Self.type(&state, "now over TCP q")
        _ = Self.press(&state, .backspace, .backspace)
        let prompting = F.render(state)
        #expect(prompting.lines[14].contains("mark 1 label (Enter/Esc): now over TCP"))
        #expect(prompting.cursor != nil)
        #expect(Self.press(&state, .enter) == [.marked("now over TCP")])
        let lines = F.render(state).lines
        #expect(lines.contains { $0.contains("── mark 1: now over TCP ───") && $0.contains("│ ── mark 1: now over") })
        #expect(state.received.count == 2 && state.replies.count == 2)
        _ = Self.press(&state, .character("m"))
        Self.type(&state, "never")
        _ = Self.press(&state, .escape)
        #expect(state.markCount == 1)
        #expect(!F.render(state).lines.contains { $0.contains("never") })
        // A label is text from the keyboard only, and still escaped; an empty one is just the number.
        _ = Self.press(&state, .character("m"), .enter)
        #expect(F.render(state).lines.contains { $0.contains("── mark 2 ──") })
    }

    @Test("/ filters Received and Replies by text or peer as it is typed; the header says how many lines it hides")
    func filter() {
        let other = Endpoint(host: "10.0.0.9", port: 4000)
        var state = F.state(
            F.exchange("straße", at: 150) + F.exchange("hello", with: other, at: 151)
                + F.exchange("strong", with: other, at: 152),
            width: 120,
            height: 16
        )
        _ = Self.press(&state, .character("/"))
        Self.type(&state, "STR")
        var lines = F.render(state).lines
        #expect(state.filter == "str")
        #expect(lines[0].contains("filter \"str\" hides 2"))
        #expect(lines[0].contains("in 3 · out 3"), "the totals are never filtered")
        #expect(lines.contains { $0.contains("straße") } && lines.contains { $0.contains("STRONG") })
        #expect(!lines.contains { $0.contains("hello") || $0.contains("HELLO") })
        _ = Self.press(&state, .enter)
        #expect(state.prompt == nil && state.filter == "str")
        // By peer: the address of one sender.
        _ = Self.press(&state, .character("/"), .control("u"))
        Self.type(&state, "10.0.0.9")
        _ = Self.press(&state, .enter)
        lines = F.render(state).lines
        #expect(lines[0].contains("hides 2"))
        #expect(!lines.contains { $0.contains("straße") })
        #expect(lines.contains { $0.contains("hello") })
        // Esc clears it.
        _ = Self.press(&state, .escape)
        lines = F.render(state).lines
        #expect(state.filter.isEmpty && !lines[0].contains("filter"))
        #expect(lines.contains { $0.contains("straße") } && lines.contains { $0.contains("hello") })
    }

    @Test("a filter that matches nothing says so; keys typed into a prompt never act as commands")
    func filterMatchesNothing() {
        var state = F.state(F.exchange("hello", at: 150), width: 100, height: 16)
        _ = Self.press(&state, .character("/"))
        #expect(Self.press(&state, .character("q"), .character("d"), .character("x")).isEmpty)
        #expect(state.impairments == Impairments() && !state.showsHex)
        let lines = F.render(state).lines
        #expect(lines.contains { $0.contains("no line matches the filter") })
        #expect(Self.press(&state, .control("c")) == [.quit])
    }

    @Test("Peers names the welcoming socket, each connection socket's four-tuple, and the UDP socket")
    func socketsInPeers() {
        let server = Endpoint(host: "127.0.0.1", port: 12000)
        let laptop = Endpoint(host: "127.0.0.1", port: 51522)
        let events =
            [
                ServerEvent(time: F.at(1), .listening(.tcp, server)),
                ServerEvent(time: F.at(1), .listening(.udp, server)),
                ServerEvent(time: F.at(100), .connected(connection: 1, peer: laptop, local: server)),
            ] + F.exchange("hi", at: 150)
        var state = F.state(events, width: 120, height: 24)
        let lines = F.render(state).lines
        #expect(lines[2].contains("│ tcp welcoming socket 127.0.0.1:12000  listening"))
        #expect(lines[3].contains("│ tcp 127.0.0.1:51522 → 127.0.0.1:12000  connected 00:01:32"))
        #expect(lines[4].contains("│ udp socket 127.0.0.1:12000  shared by every sender"))
        #expect(lines[5].contains("│ udp 192.168.1.44:60211  seen  in 1 · out 1  last 42 s ago"))
        // c forgets senders, never the sockets the server listens on.
        _ = Self.press(&state, .character("c"))
        #expect(F.render(state).lines[2].contains("tcp welcoming socket"))
    }
}

@Suite struct RateLimitHeaderTests {
    @Test("the header says when --rate-limit is on, and says nothing when it is off")
    func header() {
        var info = ServerScreenFixture.info
        info.rateLimit = 50
        var limited = ServerScreenState(info: info)
        limited.apply(.resize(width: 160, height: 20))
        #expect(ServerScreenText.header(limited, width: 160, ascii: false).contains("limit 50/s per address"))
        let plain = ServerScreenFixture.state(width: 160)
        #expect(!ServerScreenText.header(plain, width: 160, ascii: false).contains("limit"))
    }
}

@Suite struct HeaderFitTests {
    @Test(
        "a narrow header keeps the impairments and the counts whole: the rate, the transports, then the long forms go"
    )
    func narrow() {
        var state = ServerScreenFixture.state(
            ServerScreenFixture.exchange("a", at: 150) + ServerScreenFixture.exchange("b", at: 151),
            width: 60,
            height: 14
        )
        state.apply(.impairments(Impairments(drop: 10, delay: 100, jitter: 300)))
        let widths = [80, 70, 56]
        let headers = widths.map { ServerScreenText.header(state, width: $0, ascii: false) }
        #expect(
            headers == [
                "udp+tcp :12000 ─ drop 10% · delay 100 ms · jitter 300 ms ─ in 2 · out 2 · 0/s",
                ":12000 ─ drop 10% · delay 100 ms · jitter 300 ms ─ in 2 · out 2",
                ":12000 ─ drop 10% · delay 100–400 ms ─ in 2 · out 2",
            ]
        )
        for (width, header) in zip(widths, headers) { #expect(DisplayWidth.of(header) <= width) }
    }
}
