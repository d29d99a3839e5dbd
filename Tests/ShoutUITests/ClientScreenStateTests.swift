import ShoutCore
import Testing

@testable import ShoutUI

/// The client screen's logic: what the transcript, the counters and the effects show for each way a reply can go.
@Suite("Client screen state")
struct ClientScreenStateTests {
    /// The greeting and the UDP socket note come first in every transcript.
    static let preamble = 2

    @Test("start opens a UDP socket to the server; a line is sent as a datagram without a newline")
    func startAndSend() {
        var screen = ClientScreenHarness()
        let first = screen.startReady()
        #expect(first.first == .session(.open(id: 1, .udp, ClientScreenHarness.server)))
        let sent = screen.enter("straße", at: 10)
        #expect(sent.contains(.session(.send(id: 1, line: Array("straße".utf8)))))
        #expect(screen.lines(after: Self.preamble) == ["→ straße [udp]"])
        #expect(screen.state.sentCount == 1)
        #expect(screen.state.connectionState(of: .udp) == "ready")
    }

    @Test("the screen's socket effects are its session's own, in order, with only the screen's own beside them")
    func sessionEffectsPassThrough() {
        var screen = ClientScreenHarness()
        var session = ClientSession(server: ClientScreenHarness.server)
        var expected = session.start(at: screen.at(0)).effects
        var screenEffects = screen.state.start(at: screen.at(0))
        // Two lines wait for the socket; it opens; a switch to TCP, a line there, a reply, and back to UDP.
        for line in ["one", "two"] {
            screenEffects += screen.enter(line, at: 1)
            expected += session.send(Array(line.utf8), at: screen.at(1)).effects
        }
        let ready = ClientSocketReport.event(
            .ready(.udp, remote: ClientScreenHarness.server, local: ClientScreenHarness.local, setup: nil)
        )
        screenEffects += screen.report(ready, socket: 1, at: 2)
        expected += session.apply(report: ready, socket: 1, at: screen.at(2)).effects
        screenEffects += screen.enter("/tcp", at: 3)
        expected += session.switchTransport(to: .tcp, at: screen.at(3)).effects
        let tcpReady = ClientSocketReport.event(
            .ready(.tcp, remote: ClientScreenHarness.server, local: ClientScreenHarness.local, setup: .zero)
        )
        screenEffects += screen.report(tcpReady, socket: 2, at: 4)
        expected += session.apply(report: tcpReady, socket: 2, at: screen.at(4)).effects
        screenEffects += screen.enter("three", at: 5)
        expected += session.send(Array("three".utf8), at: screen.at(5)).effects
        let reply = ClientSocketReport.event(.received(.tcp, Array("THREE".utf8), at: screen.base + .milliseconds(6)))
        screenEffects += screen.report(reply, socket: 2, at: 6)
        expected += session.apply(report: reply, socket: 2, at: screen.at(6)).effects
        screenEffects += screen.enter("/udp", at: 7)
        expected += session.switchTransport(to: .udp, at: screen.at(7)).effects

        let passed = screenEffects.compactMap { effect -> ClientSessionEffect? in
            if case .session(let effect) = effect { return effect }
            return nil
        }
        #expect(passed == expected)
        #expect(
            expected == [
                .open(id: 1, .udp, ClientScreenHarness.server), .send(id: 1, line: Array("one".utf8)),
                .send(id: 1, line: Array("two".utf8)), .open(id: 2, .tcp, ClientScreenHarness.server),
                .send(id: 2, line: Array("three".utf8)), .close(id: 2),
            ]
        )
        // Beside them only what the screen adds: here the history file, once a line.
        #expect(screenEffects.count(where: { if case .persistHistory = $0 { true } else { false } }) == 5)
        #expect(screenEffects.count == passed.count + 5)
    }

    @Test("replies in order: each with its round-trip time; counters and last RTT follow")
    func inOrder() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("hello there", at: 0)
        screen.reply("HELLO THERE", at: 1)
        screen.enter("straße", at: 10)
        screen.reply("STRASSE", at: 12)
        #expect(
            screen.lines(after: Self.preamble) == [
                "→ hello there [udp]", "← HELLO THERE [udp  1.0 ms]", "→ straße [udp]", "← STRASSE [udp  2.0 ms]",
            ]
        )
        #expect(screen.state.replyCount == 2)
        #expect(screen.state.lostCount == 0)
        #expect(screen.state.lastRTT == .milliseconds(2))
    }

    @Test("out of order: a reply that overtakes an earlier request is marked, the other still matches")
    func outOfOrder() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("a", at: 0)
        screen.enter("b", at: 1)
        screen.reply("B", at: 5)
        screen.reply("A", at: 7)
        #expect(
            screen.lines(after: Self.preamble) == [
                "→ a [udp]", "→ b [udp]", "← B  overtook 1 earlier request [udp  4.0 ms]", "← A [udp  7.0 ms]",
            ]
        )
        #expect(screen.state.replyCount == 2)
    }

    @Test("lost, then late, then duplicate")
    func lostLateDuplicate() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("straße", at: 0)
        screen.tick(at: 999)
        #expect(screen.state.lostCount == 0)
        screen.tick(at: 1000)
        #expect(screen.state.lostCount == 1)
        screen.reply("STRASSE", at: 1400)
        screen.reply("STRASSE", at: 1500)
        #expect(
            screen.lines(after: Self.preamble) == [
                "→ straße [udp]",
                "✗ no reply within 1.0 s to \"straße\" (UDP gives no guarantee of delivery) [udp]",
                "← STRASSE  late: 1.4 s after sending [udp]",
                "← STRASSE  duplicate: \"straße\" was already answered [udp]",
            ]
        )
        #expect(screen.state.replyCount == 0)
        #expect(screen.state.lostCount == 1)
    }

    @Test("a duplicate of a reply that came in time, and bytes that answer nothing")
    func duplicateAndUnsolicited() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("x", at: 0)
        screen.reply("X", at: 1)
        screen.reply("X", at: 2)
        screen.reply("NOBODY ASKED", at: 3)
        #expect(
            screen.lines(after: Self.preamble + 2) == [
                "← X  duplicate: \"x\" was already answered [udp]", "← NOBODY ASKED  answers nothing sent [udp]",
            ]
        )
        #expect(screen.state.replyCount == 1)
    }

    @Test("a reply with escape sequences is shown escaped, never raw")
    func escapes() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.reply("\u{1b}[2J\u{7}", at: 3)
        let last = screen.state.transcript.lines.last?.text ?? ""
        #expect(last.hasPrefix("\\x1b[2J\\x07"))
        #expect(!last.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("switching to TCP with a UDP request in flight: it still resolves, another still times out")
    func switchWithRequestInFlight() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("one", at: 0)
        screen.enter("two", at: 0)
        let switched = screen.press(.function(2), at: 5)
        #expect(switched == [.session(.open(id: 2, .tcp, ClientScreenHarness.server))])
        #expect(screen.state.transport == .tcp)
        #expect(screen.state.connectionState(of: .tcp) == "connecting…")
        screen.ready(2, .tcp, at: 6)
        screen.reply("ONE", over: .udp, socket: 1, at: 8)
        screen.enter("three", at: 9)
        screen.tick(at: 1000)
        #expect(
            screen.lines(after: Self.preamble) == [
                "→ one [udp]", "→ two [udp]", "· switched to TCP",
                "· connected to 127.0.0.1:12000 over TCP (handshake 0.3 ms) [tcp]",
                "← ONE [udp  8.0 ms]", "→ three [tcp]",
                "✗ no reply within 1.0 s to \"two\" (UDP gives no guarantee of delivery) [udp]",
            ]
        )
        #expect(screen.sends.last?.0 == 2)
        #expect(screen.sends.last?.1 == "three")
        #expect(
            screen.state.statusTitle(width: 200, ascii: false).title
                == "shout client ─ TCP 127.0.0.1:50000 → 127.0.0.1:12000 · handshake 0.3 ms ─ "
                + "sent 3 · replies 1 · lost 1 · rtt 8.0 ms"
        )
    }

    @Test("errors never end the screen: refused, then fixed with /connect")
    func refusedThenConnect() {
        var screen = ClientScreenHarness(transport: .tcp)
        _ = screen.state.start(at: screen.at(0))
        screen.enter("hi", at: 1)
        screen.report(
            .openFailed(
                ClientSocketError(
                    .refused,
                    "Connection to 127.0.0.1:12000 refused; is a server running there?"
                )
            ),
            socket: 1,
            at: 2
        )
        #expect(screen.state.connectionState(of: .tcp) == "refused")
        #expect(
            screen.lines.suffix(2) == [
                "✗ Connection to 127.0.0.1:12000 refused; is a server running there? Fix it with /connect HOST[:PORT], "
                    + "or send again. [tcp]",
                "✗ not sent: hi [tcp]",
            ]
        )
        let connect = screen.enter("/connect [::1]:12001", at: 3)
        #expect(connect.contains(.session(.close(id: 1))))
        #expect(connect.contains(.session(.open(id: 2, .tcp, Endpoint(host: "::1", port: 12001)))))
        #expect(!connect.contains { if case .persistHistory = $0 { true } else { false } })
        #expect(screen.state.history.entries == ["hi"])
        #expect(screen.state.statusTitle(width: 80, ascii: false).title.hasPrefix("shout client ─ TCP → [::1]:12001"))
    }

    @Test("port unreachable makes the UDP requests in flight lost at once")
    func portUnreachable() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("x", at: 0)
        screen.report(.event(.problem(.udp, .udpPortUnreachable)), socket: 1, at: 1)
        #expect(screen.state.lostCount == 1)
        #expect(screen.state.connectionState(of: .udp) == "port unreachable")
        // Said once, on the line's loss, with what it means.
        let said =
            "✗ no reply to \"x\": port unreachable: nothing listens on that UDP port (the OS reported it at once) [udp]"
        #expect(screen.lines.last == said)
        #expect(screen.lines.filter { $0.contains("port unreachable") } == [said], "\(screen.lines)")
        screen.tick(at: 5000)
        #expect(screen.state.lostCount == 1)
    }

    @Test("host unreachable is said once a line too, on its loss, with the socket's sentence")
    func hostUnreachable() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("x", at: 0)
        screen.enter("y", at: 0)
        let error = ClientSocketError(.hostUnreachable, "host unreachable: nothing answered for the server's address")
        screen.report(.event(.problem(.udp, error)), socket: 1, at: 1)
        let said = screen.lines.filter { $0.contains("host unreachable") }
        #expect(
            said
                == ["x", "y"].map {
                    "✗ no reply to \"\($0)\": host unreachable: nothing answered for the server's address [udp]"
                },
            "\(screen.lines)"
        )
    }

    @Test("reports from a socket that was replaced are ignored")
    func staleSocket() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("/connect 10.0.0.9", at: 1)
        let before = screen.lines
        screen.report(.event(.problem(.udp, ClientSocketError(.other, "boom"))), socket: 1, at: 2)
        screen.report(.openFailed(ClientSocketError(.hostNotFound, "Host not found.")), socket: 1, at: 2)
        #expect(screen.lines == before)
    }

    @Test("keys: Ctrl-C quits, Ctrl-D quits only on an empty line, /quit quits")
    func quitting() {
        var screen = ClientScreenHarness()
        screen.startReady()
        #expect(screen.press(.control("c")) == [.quit])
        #expect(screen.press(.control("d")) == [.quit])
        screen.press(.character("a"))
        screen.press(.left)
        #expect(screen.press(.control("d")) == [])
        #expect(screen.state.editor.text == "")
        #expect(screen.enter("/quit", at: 1).contains(.quit))
    }

    @Test("history: ↑/↓ walk earlier lines and keep the line being typed; each new line is persisted")
    func historyWalk() {
        var screen = ClientScreenHarness()
        screen.startReady()
        #expect(screen.enter("first", at: 0).contains(.persistHistory(text: "first\n")))
        screen.enter("second", at: 0)
        for character in "draft" { screen.press(.character(character)) }
        screen.press(.up)
        #expect(screen.state.editor.text == "second")
        screen.press(.up)
        screen.press(.up)
        #expect(screen.state.editor.text == "first")
        screen.press(.down)
        screen.press(.down)
        #expect(screen.state.editor.text == "draft")
    }

    @Test("a loaded history drops /connect lines; garbage decodes to a usable history")
    func loadedHistory() {
        var screen = ClientScreenHarness()
        screen.state.loadHistory(InputHistory.decode("a\n/connect host:1\nb\\q\n\u{0}\u{1}zz\\u{zz}\nc\n"))
        #expect(screen.state.history.entries == ["a", "c"])
        let garbage = String(decoding: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        screen.state.loadHistory(InputHistory.decode(garbage))
        screen.press(.up)
        screen.press(.down)
    }

    @Test("commands: /timeout, /clear, /save, an unknown command, /help")
    func commands() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.enter("/timeout 0.5", at: 0)
        #expect(screen.state.timeout == .milliseconds(500))
        screen.enter("x", at: 0)
        screen.tick(at: 500)
        #expect(screen.state.lostCount == 1)
        let save = screen.enter("/save out.txt", at: 1)
        guard case .save(let path, let text)? = save.last else {
            Issue.record("no save effect: \(save)")
            return
        }
        #expect(path == "out.txt")
        let lastLine = text.split(separator: "\n").last.map(String.init)
        #expect(lastLine == "14:02:11  ✗ no reply within 0.5 s to \"x\" (UDP gives no guarantee of delivery)  [udp]")
        screen.enter("/nope", at: 2)
        #expect(screen.lines.last == "✗ unknown command /nope; /help lists the commands")
        screen.enter("/clear", at: 3)
        #expect(screen.state.transcript.count == 0)
        #expect(screen.state.lostCount == 1)
        screen.enter("/help", at: 4)
        #expect(screen.lines.contains { $0.contains("/connect HOST[:PORT]") && $0.contains("never kept in history") })
        #expect(screen.lines.last == "· history is not kept (neither XDG_STATE_HOME nor HOME is set)")
        screen.state.historyPath = "/home/ada/.local/state/shout/history"
        screen.enter("/help", at: 5)
        #expect(
            screen.lines.last == "· history is kept in /home/ada/.local/state/shout/history; /connect lines and "
                + "lines starting with a space are never stored"
        )
    }

    @Test("scrolled up, new lines do not move the view; End follows again")
    func scrollingStays() {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.state.layout(area: Rect(x: 0, y: 0, width: 60, height: 8))
        for number in 1...20 { screen.state.notice("line \(number)", at: screen.at(0)) }
        screen.press(.pageUp)
        let offset = screen.state.transcript.offset
        #expect(offset == 3)
        screen.state.notice("new", at: screen.at(1))
        #expect(screen.state.transcript.offset == offset + 1)
        #expect(screen.state.transcript.newBelow == 1)
        screen.press(.end)
        #expect(screen.state.transcript.isAtBottom)
    }
}
