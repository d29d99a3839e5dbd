import FoundationEssentials
import Testing

@testable import ShoutCore

/// `shout server --grade`'s judge of one pinging peer, driven with chosen datagrams and times.
@Suite struct LiveGradeTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A peer's datagram: its text, its time from ``start`` in seconds, and why it got no reply (nil: answered).
    struct Step {
        var text: String
        var at: Double
        var dropped: ServerEvent.DropReason?
    }

    /// `Ping <seq> <time>` sent at `at` (its own time written in it).
    static func ping(_ seq: Int, _ at: Double, _ dropped: ServerEvent.DropReason? = nil, word: String = "Ping") -> Step
    {
        Step(text: "\(word) \(seq) \(start.timeIntervalSince1970 + at)", at: at, dropped: dropped)
    }

    static func grade(_ steps: [Step], sameMachine: Bool = true) -> LiveGrade? {
        guard let first = steps.first else { return nil }
        let time = { (at: Double) in start.addingTimeInterval(at) }
        var grade = LiveGrade(
            first: Array(first.text.utf8),
            at: time(first.at),
            dropped: first.dropped,
            sameMachine: sameMachine
        )
        for step in steps.dropFirst() { grade?.saw(Array(step.text.utf8), at: time(step.at), dropped: step.dropped) }
        return grade
    }

    static func verdict(_ steps: [Step], at: Double? = nil) -> LiveVerdict? {
        grade(steps)?.verdict(at: start.addingTimeInterval(at ?? steps.last?.at ?? 0))
    }

    /// The lab's good Pinger: ten pings a millisecond apart, the third dropped on purpose and the fourth after the
    /// client's 1 s timeout; `waitAfterDrop` changes that wait.
    static func pinger(waitAfterDrop: Double = 1.0, count: Int = 10) -> [Step] {
        (1...count).map { seq in
            let at = Double(seq) * 0.001 + (seq >= 4 ? waitAfterDrop : 0)
            return ping(seq, at, seq == 3 ? .graded : nil)
        }
    }

    @Test("a good Pinger: pending until ping 10, then pass with the wait after the dropped ping named")
    func goodPinger() throws {
        let steps = Self.pinger()
        let before = try #require(Self.verdict(Array(steps.prefix(3))))
        #expect(before.status == .pending)
        #expect(before.summary == "pinger 3/10 · ping 3 dropped on purpose")
        #expect(before.detail.contains("ping 3 was dropped on purpose to judge the client's timeout"))
        #expect(Self.verdict(Array(steps.prefix(9)))?.status == .pending)
        let verdict = try #require(Self.verdict(steps))
        #expect(verdict.status == .pass)
        #expect(verdict.row(ascii: false) == "✓ pinger 10/10 · timeout ok")
        #expect(verdict.detail.contains("ping 4 came 1.0 s after it"))
        // Settled: a silence after the tenth changes nothing.
        #expect(Self.verdict(steps, at: 60)?.status == .pass)
        #expect(Self.grade(steps)?.settlesAt == nil)
    }

    @Test("a timeout of 0: the ping after the dropped one comes at once, and the row says so in the issue's words")
    func zeroTimeout() throws {
        let verdict = try #require(Self.verdict(Self.pinger(waitAfterDrop: 0.0003)))
        #expect(verdict.status == .fail)
        #expect(verdict.row(ascii: false) == "✗ pinger: ping 4 came at once after ping 3 was dropped: no timeout")
        #expect(verdict.detail.contains("a timeout of 0?"))
        // A failure stays: the rest of the pings do not undo it.
        #expect(Self.verdict(Self.pinger(waitAfterDrop: 0.0003), at: 60)?.status == .fail)
    }

    @Test("a wait after the drop outside 0.8 to 2 s fails; inside it passes")
    func waitWindow() throws {
        #expect(
            Self.verdict(Self.pinger(waitAfterDrop: 0.5))?.summary
                == "pinger: ping 4 came 501 ms after ping 3 was dropped: no timeout"
        )
        #expect(
            Self.verdict(Self.pinger(waitAfterDrop: 2.5))?.summary
                == "pinger: ping 4 came only 2.5 s after ping 3 was dropped"
        )
        #expect(Self.verdict(Self.pinger(waitAfterDrop: 0.85))?.status == .pass)
        #expect(Self.verdict(Self.pinger(waitAfterDrop: 1.9))?.status == .pass)
    }

    @Test("no settimeout: pending for 3 s after the drop, then a failure that stays; the log wakes at that moment")
    func silentAfterDrop() throws {
        let steps = Array(Self.pinger().prefix(3))
        var grade = try #require(Self.grade(steps))
        let dropAt = steps[2].at
        #expect(grade.settlesAt == Self.start.addingTimeInterval(dropAt + 3))
        #expect(grade.verdict(at: Self.start.addingTimeInterval(dropAt + 2.9)).status == .pending)
        let failed = grade.verdict(at: Self.start.addingTimeInterval(dropAt + 3))
        #expect(failed.summary == "pinger: no ping came after ping 3 was dropped")
        #expect(failed.detail.contains("no ping came in 3.0 s"))
        #expect(failed.detail.contains("socket.settimeout(1)"))
        // Settled at its time, a ping that comes later does not undo it.
        grade.settle(at: Self.start.addingTimeInterval(dropAt + 3))
        grade.saw(
            Array(Self.ping(4, dropAt + 5).text.utf8),
            at: Self.start.addingTimeInterval(dropAt + 5),
            dropped: nil
        )
        #expect(grade.verdict(at: Self.start.addingTimeInterval(dropAt + 5)) == failed)
    }

    @Test("a Pinger that stops short of ten pings fails after 3 s of silence")
    func stopsShort() throws {
        let steps = Array(Self.pinger().prefix(6))
        #expect(Self.verdict(steps, at: steps[5].at + 2)?.status == .pending)
        let verdict = try #require(Self.verdict(steps, at: steps[5].at + 3))
        #expect(verdict.summary == "pinger: sent 6 pings, then nothing")
    }

    @Test("the format: another word, an unreadable time, a time far from the server's clock")
    func format() throws {
        #expect(LiveGrade(first: Array("hello".utf8), at: Self.start, dropped: nil, sameMachine: true) == nil)
        let other = Self.verdict([Self.ping(1, 0), Step(text: "Pong 2 x", at: 0.1)])
        #expect(other?.detail == "the client sent \"Pong 2 x\"; the lab expects \"Ping <seq> <time>\"")
        let untimed = Self.verdict([Self.ping(1, 0), Step(text: "Ping 2 soon", at: 0.1)])
        #expect(untimed?.summary == "pinger: ping 2's time cannot be read")
        let skewed = Step(text: "Ping 1 \(Self.start.timeIntervalSince1970 - 30)", at: 0)
        #expect(Self.verdict([skewed])?.summary == "pinger: ping 1's time is -30 s off")
        // Another machine's clock may be off by more: 30 s is not the client's fault there.
        let remote = Self.grade([skewed], sameMachine: false)?.verdict(at: Self.start)
        #expect(remote?.status == .pending)
    }

    @Test("sequence numbers: a repeat or a first ping numbered 0 fails; a number skipped was lost on the way")
    func sequenceNumbers() throws {
        let repeated = Self.verdict([Self.ping(1, 0), Self.ping(2, 0.001), Self.ping(2, 0.002)])
        #expect(repeated?.summary == "pinger: ping 2 came after 2")
        #expect(Self.verdict([Self.ping(0, 0)])?.summary == "pinger: first ping numbered 0")
        // Ping 4 lost on the way: ping 5 comes two timeouts after the dropped ping 3, a timeout a step.
        var steps = Self.pinger()
        steps.remove(at: 3)
        for index in 3..<steps.count { steps[index].at += 1.0 }
        let verdict = try #require(Self.verdict(steps))
        #expect(verdict.status == .pass)
        #expect(verdict.summary == "pinger 9/10 · timeout ok")
        #expect(verdict.detail.contains("(1 lost on the way)"))
    }

    @Test("--drop's drop stands for the server's own: a ping dropped by it is judged the same way")
    func impairmentDrop() throws {
        var steps = Self.pinger()
        steps[2].dropped = .impairment
        let verdict = try #require(Self.verdict(steps))
        #expect(verdict.status == .pass)
        #expect(verdict.detail.contains("ping 3 was dropped (--drop)"))
    }

    @Test("an eleventh ping from a Pinger fails; steady pings past ten are a Heartbeat client using the word Ping")
    func pastTen() throws {
        let burst = Self.pinger(count: 11)
        #expect(Self.verdict(burst)?.summary == "pinger: sent ping 11")
        // Its wait after the drop is its interval, no timeout: a Pinger's fault until ping 11 shows what it is.
        let steady = (1...12).map { Self.ping($0, Double($0) * 0.5, $0 == 3 ? .graded : nil) }
        #expect(Self.verdict(Array(steady.prefix(10)))?.status == .fail)
        let verdict = try #require(Self.verdict(steady))
        #expect(verdict.status == .pass)
        #expect(verdict.summary == "heartbeat 12 · every 500 ms · survived the drop")
    }

    /// Heartbeats every `interval` s, the third dropped on purpose; `afterDrop` is the gap after it.
    static func heartbeats(_ count: Int, interval: Double = 1, afterDrop: Double? = nil) -> [Step] {
        var at = 0.0
        return (1...count).map { seq in
            if seq > 1 { at += seq == 4 ? afterDrop ?? interval : interval }
            return ping(seq, at, seq == 3 ? .graded : nil, word: "Heartbeat")
        }
    }

    @Test("a good Heartbeat client: pending until it sent on after the drop, then pass with its interval")
    func goodHeartbeat() throws {
        #expect(Self.verdict(Self.heartbeats(3))?.status == .pending)
        let verdict = try #require(Self.verdict(Self.heartbeats(4)))
        #expect(verdict.row(ascii: false) == "✓ heartbeat 4 · every 1.0 s · survived the drop")
        #expect(verdict.detail.contains("heartbeat 3 was dropped on purpose"))
    }

    @Test("a Heartbeat client that dies at the drop fails after three of its intervals")
    func heartbeatDies() throws {
        let steps = Self.heartbeats(3, interval: 2)
        #expect(Self.verdict(steps, at: steps[2].at + 5.9)?.status == .pending)
        let verdict = try #require(Self.verdict(steps, at: steps[2].at + 6))
        #expect(verdict.summary == "heartbeat: stopped after heartbeat 3 was dropped")
        #expect(verdict.detail.contains("recvfrom() inside the try"))
    }

    @Test("a Heartbeat client that waits out its timeout and then its whole interval after a drop is told so")
    func heartbeatLongGapAfterDrop() throws {
        let verdict = try #require(Self.verdict(Self.heartbeats(6, afterDrop: 2)))
        #expect(verdict.status == .fail)
        #expect(verdict.detail.contains("sleep only what is left of the interval"))
    }

    @Test("heartbeats with no interval between them fail")
    func noInterval() throws {
        let verdict = try #require(Self.verdict(Self.heartbeats(6, interval: 0.0002)))
        #expect(verdict.summary.hasPrefix("heartbeat: heartbeats "))
        #expect(verdict.summary.hasSuffix(" apart: no interval"))
    }
}
