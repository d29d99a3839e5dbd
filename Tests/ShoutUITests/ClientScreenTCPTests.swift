import ShoutCore
import Testing

@testable import ShoutUI

/// The client screen over TCP servers that close: after every reply, before a line was sent, or after each round.
@Suite("Client screen over closing TCP servers")
struct ClientScreenTCPTests {
    @Test("a TCP server that closes after every reply: closed, then reconnected for the next line")
    func oneShotTCPServer() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        screen.enter("one", at: 0)
        screen.reply("ONE", over: .tcp, at: 1)
        screen.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 2)
        #expect(screen.state.connectionState(of: .tcp) == "closed by server")
        let next = screen.enter("two", at: 10)
        #expect(next.contains(.session(.open(id: 2, .tcp, ClientScreenHarness.server))))
        screen.ready(2, .tcp, at: 11)
        screen.reply("TWO", over: .tcp, socket: 2, at: 12)
        #expect(screen.sends.map(\.0) == [1, 2])
        #expect(screen.sends.map(\.1) == ["one", "two"])
        #expect(
            screen.lines(after: 1) == [
                "· connected to 127.0.0.1:12000 over TCP (handshake 0.3 ms) [tcp]",
                "→ one [tcp]", "← ONE [tcp  1.0 ms]", "· connection closed by the server [tcp]",
                "· reconnected to 127.0.0.1:12000 over TCP (handshake 0.3 ms) [tcp]",
                "→ two [tcp]", "← TWO [tcp  1.0 ms]",
            ]
        )
        #expect(screen.state.replyCount == 2)
        #expect(screen.state.lostCount == 0)
    }

    @Test("a line sent on a connection the server had already closed is sent again, once, on a new one")
    func resendAfterClose() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        screen.enter("one", at: 0)
        screen.reply("ONE", over: .tcp, at: 1)
        screen.enter("two", at: 2)
        let closed = screen.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 3)
        #expect(closed == [.session(.open(id: 2, .tcp, ClientScreenHarness.server))])
        screen.ready(2, .tcp, at: 4)
        #expect(screen.sends.map(\.1) == ["one", "two", "two"])
        // The new connection closes too without a reply: this time the line is lost.
        screen.report(.event(.closed(.tcp, reason: nil)), socket: 2, at: 5)
        #expect(screen.state.sentCount == 2)
        #expect(screen.state.lostCount == 1)
        #expect(screen.lines.last == "✗ no reply to \"two\": the server closed the connection first [tcp]")
    }

    @Test("three lines typed at once to a one-shot TCP server: each round answers the first, the rest go again")
    func pipelinedOneShot() {
        var screen = ClientScreenHarness(transport: .tcp)
        _ = screen.state.start(at: screen.at(0))
        for line in ["one", "two", "three"] { screen.enter(line, at: 0) }
        screen.ready(1, .tcp, at: 1)
        screen.reply("ONE", over: .tcp, socket: 1, at: 2)
        screen.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 3)
        screen.ready(2, .tcp, at: 4)
        screen.reply("TWO", over: .tcp, socket: 2, at: 5)
        screen.report(.event(.closed(.tcp, reason: nil)), socket: 2, at: 6)
        screen.ready(3, .tcp, at: 7)
        screen.reply("THREE", over: .tcp, socket: 3, at: 8)
        #expect(screen.sends.map(\.0) == [1, 1, 1, 2, 2, 3])
        #expect(screen.sends.map(\.1) == ["one", "two", "three", "two", "three", "three"])
        #expect(screen.state.sentCount == 3)
        #expect(screen.state.replyCount == 3)
        #expect(screen.state.lostCount == 0)
    }
}
