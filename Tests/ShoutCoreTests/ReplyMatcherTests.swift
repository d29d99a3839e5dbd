import ShoutCore
import Testing

@Suite struct ReplyMatcherTests {
    let start = ContinuousClock.now
    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("replies in order get their round-trip times")
    func inOrder() {
        var matcher = ReplyMatcher()
        let first = matcher.sent(bytes("a"), over: .udp, at: at(0), timeout: .seconds(1))
        let second = matcher.sent(bytes("b"), over: .udp, at: at(5), timeout: .seconds(1))
        #expect(
            matcher.received(bytes("A"), over: .udp, at: at(7)) == .reply(first, rtt: .milliseconds(7), overtook: 0)
        )
        #expect(
            matcher.received(bytes("B"), over: .udp, at: at(9)) == .reply(second, rtt: .milliseconds(4), overtook: 0)
        )
        #expect(matcher.waiting.isEmpty)
    }

    @Test("a reply that overtakes an older one is matched by content")
    func outOfOrder() {
        var matcher = ReplyMatcher()
        let first = matcher.sent(bytes("a"), over: .udp, at: at(0), timeout: .seconds(1))
        let second = matcher.sent(bytes("b"), over: .udp, at: at(1), timeout: .seconds(1))
        #expect(
            matcher.received(bytes("B"), over: .udp, at: at(3)) == .reply(second, rtt: .milliseconds(2), overtook: 1)
        )
        #expect(
            matcher.received(bytes("A"), over: .udp, at: at(4)) == .reply(first, rtt: .milliseconds(4), overtook: 0)
        )
    }

    @Test("a request past its deadline is lost; its reply afterwards is late; another copy is a duplicate")
    func lostLateDuplicate() {
        var matcher = ReplyMatcher()
        let request = matcher.sent(bytes("straße"), over: .udp, at: at(0), timeout: .milliseconds(100))
        #expect(matcher.expire(at: at(99)).isEmpty)
        #expect(matcher.nextDeadline == at(100))
        #expect(matcher.expire(at: at(100)) == [request])
        #expect(
            matcher.received(bytes("STRASSE"), over: .udp, at: at(150)) == .late(request, after: .milliseconds(150))
        )
        #expect(matcher.received(bytes("STRASSE"), over: .udp, at: at(160)) == .duplicate(request))
    }

    @Test("a second copy of an answered reply is a duplicate; bytes nobody asked for are unsolicited")
    func duplicateAndUnsolicited() {
        var matcher = ReplyMatcher()
        let request = matcher.sent(bytes("x"), over: .udp, at: at(0), timeout: .seconds(1))
        _ = matcher.received(bytes("X"), over: .udp, at: at(1))
        #expect(matcher.received(bytes("X"), over: .udp, at: at(2)) == .duplicate(request))
        #expect(matcher.received(bytes("zzz"), over: .udp, at: at(3)) == .unsolicited)
    }

    @Test("a reply that differs from the expected text answers the oldest pending request of its transport")
    func mismatched() {
        var matcher = ReplyMatcher()
        let udp = matcher.sent(bytes("a"), over: .udp, at: at(0), timeout: .seconds(1))
        let tcp = matcher.sent(bytes("b"), over: .tcp, at: at(0), timeout: .seconds(1))
        #expect(matcher.received(bytes("b"), over: .tcp, at: at(2)) == .mismatched(tcp, rtt: .milliseconds(2)))
        #expect(matcher.waiting == [udp])
    }

    @Test("restamp moves a pending request's send time and deadline; the round trip is measured from it")
    func restamp() {
        var matcher = ReplyMatcher()
        let request = matcher.sent(bytes("a"), over: .udp, at: at(0), timeout: .milliseconds(100))
        let moved = matcher.restamp(id: request.id, sentAt: at(15))
        #expect(moved)
        #expect(matcher.nextDeadline == at(115))
        #expect(matcher.expire(at: at(100)).isEmpty)
        guard case .reply(let answered, let rtt, _) = matcher.received(bytes("A"), over: .udp, at: at(16)) else {
            Issue.record("not a reply")
            return
        }
        #expect(rtt == .milliseconds(1))
        #expect(answered.sentAt == at(15))
        let answeredMoved = matcher.restamp(id: request.id, sentAt: at(20))
        let unknownMoved = matcher.restamp(id: 99, sentAt: at(20))
        #expect(!answeredMoved, "an answered request is not pending")
        #expect(!unknownMoved)
    }
}
