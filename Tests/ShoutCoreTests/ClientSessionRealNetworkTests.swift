import Foundation
import ShoutCore
import Testing

/// What a real network does to a client session that loopback never does: a datagram the kernel refuses to send, a
/// line too large for a datagram, a TCP reply that comes after the timeout because TCP retransmitted.
@Suite("Client session on a real network")
struct ClientSessionRealNetworkTests {
    typealias Harness = ClientSessionTests.Harness
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    static let refused = ClientSocketError(.notSent, "not sent: a firewall on this machine refused it (EPERM)")

    @Test("a UDP send the kernel refused is that line's 'not sent', after or before its stamp; the next goes out")
    func refusedSend() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("one"), at: harness.at(1))
        _ = harness.session.send(Self.bytes("two"), at: harness.at(2))
        // The socket stamps a send right before it tries it: the failure of send 1 comes after its stamp.
        _ = harness.report(.sent(number: 1, at: harness.base + .milliseconds(1)), socket: 1, at: 1)
        let first = harness.report(.sendFailed(Self.refused, number: 1), socket: 1, at: 1)
        #expect(first.outcomes == [.notSent(request: 1, text: Self.bytes("one"), .udp, Self.refused)])
        // Send 2 fails before any stamp.
        let second = harness.report(.sendFailed(Self.refused, number: 2), socket: 1, at: 2)
        #expect(second.outcomes == [.notSent(request: 2, text: Self.bytes("two"), .udp, Self.refused)])
        #expect(harness.session.waitingCount == 0)
        #expect(harness.session.connectionState(of: .udp) == "ready")
        // Nothing waits, so nothing is lost later; the next line goes out on the same socket.
        #expect(harness.session.tick(at: harness.at(5000)).outcomes.isEmpty)
        #expect(
            harness.session.send(Self.bytes("three"), at: harness.at(5001)).effects == [
                .send(id: 1, line: Self.bytes("three"))
            ]
        )
        #expect(harness.session.sentCount == 1 && harness.session.notSentCount == 2 && harness.session.lostCount == 0)
    }

    @Test("a line over 65,507 bytes is not sent over UDP and not counted; over TCP it goes")
    func tooLargeForUDP() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 65_508)
        let step = harness.session.send(big, at: harness.at(1))
        #expect(step.effects.isEmpty)
        #expect(step.outcomes == [.tooLargeForUDP(text: big, size: 65_508)])
        #expect(
            harness.session.sentCount == 0 && harness.session.notSentCount == 1 && harness.session.waitingCount == 0
        )
        let fits = [UInt8](repeating: UInt8(ascii: "a"), count: 65_507)
        #expect(harness.session.send(fits, at: harness.at(2)).effects == [.send(id: 1, line: fits)])
        let sentence = ClientSentence.tooLargeForUDP(big, size: big.count)
        #expect(sentence.hasPrefix("not sent: the line is 65,508 bytes, over UDP's limit of 65,507 for one datagram"))
        #expect(sentence.count < 200, "the sentence quotes the line's start only")
    }

    @Test("over TCP a reply past the timeout is waiting, said once, the kernel asked; it comes with its real RTT")
    func tcpWaits() {
        var harness = Harness(transport: .tcp)
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .tcp, at: 0)
        _ = harness.session.send(Self.bytes("slow"), at: harness.at(0))
        let due = harness.session.tick(at: harness.at(1000))
        #expect(due.outcomes == [.stillWaiting(request: 1, text: Self.bytes("slow"), .tcp, waited: .seconds(1))])
        #expect(due.effects == [.inspect(id: 1)])
        #expect(harness.session.tick(at: harness.at(2000)).outcomes.isEmpty, "said once")
        let info = TCPConnectionInfo(
            state: "ESTABLISHED",
            totalRetransmissions: 2,
            unacknowledged: 1,
            smoothedRTT: .milliseconds(1)
        )
        let said = harness.report(.connectionInfo(info), socket: 1, at: 2100)
        #expect(said.outcomes == [.connectionInfo(info, waiting: [1]), .kernelView(info, previous: nil)])
        #expect(info.waitingClause.hasPrefix("TCP is retransmitting"))
        #expect(info.waitingClause.hasSuffix("2 retransmissions by this side so far"))
        let reply = harness.reply("SLOW", over: .tcp, at: 2500)
        #expect(
            reply.outcomes == [
                .reply(
                    request: 1,
                    text: Self.bytes("slow"),
                    reply: Self.bytes("SLOW"),
                    .tcp,
                    rtt: .milliseconds(2500),
                    overtook: 0
                )
            ]
        )
        #expect(harness.session.lostCount == 0 && harness.session.replyCount == 1)
    }

    @Test("what the kernel says of a waiting line: retransmitting only when TCP did retransmit")
    func waitingClauses() {
        func info(_ retransmissions: Int, unacknowledged: Int) -> TCPConnectionInfo {
            TCPConnectionInfo(
                state: "ESTABLISHED",
                totalRetransmissions: retransmissions,
                unacknowledged: unacknowledged,
                smoothedRTT: .milliseconds(1)
            )
        }
        #expect(info(0, unacknowledged: 1).waitingClause.hasPrefix("the server's TCP has not acknowledged"))
        #expect(!info(0, unacknowledged: 1).waitingClause.contains("retransmitting"))
        #expect(info(1, unacknowledged: 1).waitingClause.hasPrefix("TCP is retransmitting"))
        #expect(info(1, unacknowledged: 1).waitingClause.hasSuffix("1 retransmission by this side so far"))
        #expect(info(0, unacknowledged: 0).waitingClause.hasPrefix("the server's TCP has acknowledged the line"))
    }

    @Test("over TCP a line is unanswered only after ten timeouts (30 s at least) on an open connection")
    func tcpUnanswered() {
        var harness = Harness(transport: .tcp)
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .tcp, at: 0)
        _ = harness.session.send(Self.bytes("never"), at: harness.at(0))
        _ = harness.session.tick(at: harness.at(1000))
        #expect(harness.session.tick(at: harness.at(29_999)).outcomes.isEmpty)
        #expect(
            harness.session.tick(at: harness.at(30_000)).outcomes == [
                .lost(request: 1, text: Self.bytes("never"), .tcp, .unanswered(waited: .seconds(30)))
            ]
        )
        #expect(harness.session.lostCount == 1)
    }

    @Test("over TCP a line whose connection ends without its reply is lost, as before")
    func tcpConnectionEnds() {
        var harness = Harness(transport: .tcp)
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .tcp, at: 0)
        _ = harness.session.send(Self.bytes("gone"), at: harness.at(0))
        _ = harness.session.tick(at: harness.at(1000))
        let closed = harness.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 1500)
        #expect(closed.outcomes.contains(.lost(request: 1, text: Self.bytes("gone"), .tcp, .serverClosedFirst)))
    }

    @Test("a server's problem lines: one a second per kind, the next says how many went unlisted")
    func problemThrottle() {
        var throttle = ProblemThrottle<Int32>()
        #expect(throttle.admit(1, at: 0) == 0)
        #expect(throttle.admit(1, at: 500_000_000) == nil)
        #expect(throttle.admit(1, at: 900_000_000) == nil)
        #expect(throttle.admit(2, at: 900_000_000) == 0, "another kind has its own line")
        #expect(throttle.admit(1, at: 1_000_000_000) == 2)
        #expect(throttle.admit(1, at: 2_500_000_000) == 0)
    }

    @Test("a quote of a long line is its start, never cut inside a character")
    func escapeStart() {
        #expect(VisibleText.escapeStart(Array("short".utf8)) == "short")
        let long = Array((String(repeating: "a", count: 59) + "ßßß").utf8)
        #expect(VisibleText.escapeStart(long) == String(repeating: "a", count: 59) + "…")
        #expect(VisibleText.escapeStart(Array(repeating: 0x61, count: 100_000)).count == 61)
    }
}
