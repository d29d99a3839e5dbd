import FoundationEssentials

/// One UDP peer's Pinger or Heartbeat client, judged live by `shout server --grade` from what reaches the server
/// alone, with the rules `shout check --client` applies to a run it scripts: the format (`Ping <seq> <time>`, a time
/// within a few seconds of the server's clock), sequence numbers rising by one (ten pings, 1 to 10), the wait after
/// a datagram that got no reply (about the lab's 1 s timeout: neither at once nor never), and a heartbeat's steady
/// interval and its sending on after a drop.
///
/// A pure value: it is told each datagram of the peer (its bytes, when it came, and why it got no reply if it got
/// none) and asked for its ``LiveVerdict`` at a given time, since a silence long enough settles a judgement too.
/// A failure, once found, stays. A sequence number skipped is a datagram the network lost on the way, not the
/// client's fault; what only the client's output shows (its RTTs, its summary) is not judged here.
public struct LiveGrade: Sendable, Equatable {
    /// The exercise, from the peer's first datagram's word.
    public enum Lab: String, Sendable {
        case pinger
        case heartbeat
    }

    /// A datagram that got no reply, whose follower is waited for.
    struct Drop: Sendable, Equatable {
        var seq: Int
        var at: Date
        var reason: ServerEvent.DropReason
    }

    /// A drop whose follower came: the wait a step, in seconds.
    struct Judged: Sendable, Equatable {
        var drop: Drop
        var wait: Double
    }

    /// What the client did wrong: a phrase for the row, a sentence for the log.
    struct Failure: Sendable, Equatable {
        var summary: String
        var detail: String
    }

    /// How many pings the lab's client sends.
    public static let pings = 10
    /// The lab client's wait for a reply, in seconds.
    public static let timeout = 1.0
    /// The datagram after one with no reply comes within this many timeouts (a step per sequence number).
    static let waitAfterDrop = 0.8...2.0
    /// Silence that settles a judgement: this many timeouts, or heartbeat intervals when those are longer.
    static let silentSpans = 3.0
    /// A heartbeat peer's silence that settles a judgement before its interval is known, in seconds.
    static let silenceBeforeInterval = 10.0
    /// How far a peer's clock may be from the server's: a few seconds on one machine, more between two.
    static let clockSlack = (sameMachine: 5.0, otherMachine: 60.0)
    /// The heartbeat gaps kept (the latest), in seconds a step.
    static let gapsKept = 32

    /// The exercise; a `Ping` peer that sends on past ping 10 at a steady interval is a Heartbeat client using the
    /// Pinger's word, and is judged as one from then.
    public private(set) var lab: Lab
    /// Datagrams seen, answered or not.
    public private(set) var datagrams = 0
    /// The last sequence number seen.
    public private(set) var lastSeq: Int
    /// When the last datagram came.
    public private(set) var lastAt: Date
    /// Sequence numbers that never reached the server.
    public private(set) var lostOnTheWay = 0
    /// The datagram without a reply whose follower has not come yet.
    var pendingDrop: Drop?
    /// The drops judged so far (their followers came), each with the wait a step, in seconds.
    var judged: [Judged] = []
    /// The latest gaps between datagrams a sequence number apart, in seconds.
    var gaps: [Double] = []
    /// The failure found, which stays.
    var failure: Failure?
    /// A Pinger's wait after a drop that was wrong: a failure that stays unless the peer turns out to be a
    /// Heartbeat client using the word `Ping` (which sleeps its interval, not a timeout, after a drop).
    var timeoutFailure: Failure?
    /// Whether the peer is this machine (its clock is the server's).
    let sameMachine: Bool

    /// The judge of a peer whose first datagram is `bytes`, or nil when it is no lab ping or heartbeat.
    public init?(first bytes: [UInt8], at time: Date, dropped reason: ServerEvent.DropReason?, sameMachine: Bool) {
        guard let payload = HeartbeatPayload.parse(bytes) else { return nil }
        lab = payload.kind == .ping ? .pinger : .heartbeat
        // A Pinger numbers from 1; a Heartbeat client from wherever it likes.
        lastSeq = lab == .pinger ? 0 : payload.seq - 1
        lastAt = time
        self.sameMachine = sameMachine
        saw(bytes, at: time, dropped: reason)
    }

    /// Takes the peer's next datagram: `bytes`, come at `time`, and why it got no reply (nil: answered).
    public mutating func saw(_ bytes: [UInt8], at time: Date, dropped reason: ServerEvent.DropReason?) {
        settle(at: time)
        datagrams += 1
        defer { lastAt = time }
        guard failure == nil else { return }
        let word = lab == .pinger ? "ping" : "heartbeat"
        let quoted = CheckVerdict.quote(bytes)
        guard let payload = HeartbeatPayload.parse(bytes), lab == .heartbeat || payload.kind == .ping else {
            let expected = lab == .pinger ? "\"Ping <seq> <time>\"" : "\"Heartbeat <seq> <time>\""
            return fail("sent " + quoted, "the client sent " + quoted + "; the lab expects " + expected)
        }
        let seq = payload.seq
        guard let sentAt = payload.sentAt else {
            return fail(
                "\(word) \(seq)'s time cannot be read",
                "the client sent " + quoted + ": its time is missing or cannot be read; the lab sends time.time(), "
                    + "seconds since the epoch"
            )
        }
        let off = sentAt.timeIntervalSince(time)
        if abs(off) > (sameMachine ? Self.clockSlack.sameMachine : Self.clockSlack.otherMachine) {
            return fail(
                "\(word) \(seq)'s time is \(Int(off.rounded())) s off",
                "the client sent " + quoted + ", whose time is \(Int(off.rounded())) s from the server's clock"
                    + (sameMachine ? "" : " (on another machine, whose clock may be off too)")
                    + "; the lab sends time.time() when the \(word) goes out"
            )
        }
        guard seq > lastSeq else {
            let said =
                datagrams == 1
                ? "the client numbered its first ping \(seq); the lab numbers them from 1"
                : "the client sent \(word) \(seq) after \(word) \(lastSeq); sequence numbers rise by one, none repeated"
            return fail(datagrams == 1 ? "first ping numbered \(seq)" : "\(word) \(seq) came after \(lastSeq)", said)
        }
        if lab == .pinger && seq > Self.pings {
            guard isSteady else {
                if timeoutFailure != nil { return }
                return fail(
                    "sent ping \(seq)",
                    "the client sent ping \(seq); the lab's Pinger client sends 10 pings and stops"
                )
            }
            lab = .heartbeat
            timeoutFailure = nil
        }
        let steps = seq - lastSeq
        lostOnTheWay += steps - 1
        // A gap across a datagram lost on the way holds the client's wait for it: it says nothing of the interval.
        if datagrams > 1 && steps == 1 {
            gaps.append(time.timeIntervalSince(lastAt))
            if gaps.count > Self.gapsKept { gaps.removeFirst(gaps.count - Self.gapsKept) }
        }
        if let drop = pendingDrop {
            pendingDrop = nil
            let wait = time.timeIntervalSince(drop.at) / Double(seq - drop.seq)
            judged.append(Judged(drop: drop, wait: wait))
            if judged.count > 8 { judged.removeFirst() }
            if lab == .pinger { judgeTimeout(drop, wait: wait, next: seq) }
        }
        if lab == .heartbeat { judgeInterval(seq) }
        if let reason, reason != .refused { pendingDrop = Drop(seq: seq, at: time, reason: reason) }
        lastSeq = seq
    }

    /// Makes a silence that settles the judgement by `now` a failure that stays.
    public mutating func settle(at now: Date) {
        if let silent = silence(at: now) { failure = silent }
    }

    /// When silence would settle the judgement (nil: it would not, or it is settled).
    public var settlesAt: Date? {
        guard silenceApplies else { return nil }
        return lastAt.addingTimeInterval(silenceLimit)
    }

    // MARK: - The rules

    private mutating func fail(_ summary: String, _ detail: String) {
        failure = Failure(summary: summary, detail: detail)
    }

    /// `pinger.timeout`: the ping after one without a reply comes after about the lab's timeout.
    private mutating func judgeTimeout(_ drop: Drop, wait: Double, next seq: Int) {
        guard timeoutFailure == nil, !Self.waitAfterDrop.contains(wait / Self.timeout) else { return }
        let waited = Self.text(seconds: wait * Double(seq - drop.seq))
        let did = "ping \(drop.seq) " + Self.words(drop.reason) + " and ping \(seq) came " + waited + " after it"
        if wait < Self.waitAfterDrop.lowerBound * Self.timeout {
            let when = wait < 0.1 ? "at once" : waited
            timeoutFailure = Failure(
                summary: "ping \(seq) came \(when) after ping \(drop.seq) was dropped: no timeout",
                detail: did
                    + ": the client did not wait for the reply (a timeout of 0?); the lab's client waits 1 s for "
                    + "each reply (socket.settimeout(1))"
            )
        } else {
            timeoutFailure = Failure(
                summary: "ping \(seq) came only \(waited) after ping \(drop.seq) was dropped",
                detail: did
                    + "; the lab's client waits 1 s for each reply (socket.settimeout(1)) and then sends the next"
            )
        }
    }

    /// `heartbeat.interval`: every gap kept within half and one and a half times their median, which is not nought.
    private mutating func judgeInterval(_ seq: Int) {
        guard gaps.count >= 3, let median = median else { return }
        let interval = Self.text(seconds: median)
        guard median >= 0.005 else {
            return fail(
                "heartbeats \(interval) apart: no interval",
                "the client sends heartbeats \(interval) apart; a Heartbeat client sends one at a steady interval, "
                    + "sleeping between them"
            )
        }
        guard let odd = gaps.last(where: { $0 < median * 0.5 || $0 > median * 1.5 }) else { return }
        let afterDrop = judged.last.map { $0.drop.seq == seq - 1 } ?? false
        let advice =
            afterDrop && odd > median
            ? ": after heartbeat \(seq - 1) got no reply the client waited out its timeout and then its whole "
                + "interval; sleep only what is left of the interval"
            : "; the lab expects one at a steady interval"
        fail(
            "a gap of \(Self.text(seconds: odd)), its interval being \(interval)",
            "the client sent heartbeats \(interval) apart, but one came \(Self.text(seconds: odd)) after the one "
                + "before it" + advice
        )
    }

    /// Whether the gaps so far are a steady interval (not a Pinger's burst and its waits).
    private var isSteady: Bool {
        guard gaps.count >= 3, let median, median >= 0.005 else { return false }
        return gaps.allSatisfy { $0 >= median * 0.5 && $0 <= median * 1.5 }
    }

    /// The median gap, in seconds.
    var median: Double? {
        guard !gaps.isEmpty else { return nil }
        return gaps.sorted()[gaps.count / 2]
    }

    // MARK: - Words

    /// What became of a datagram without a reply: `was dropped on purpose (--grade)`.
    static func words(_ reason: ServerEvent.DropReason) -> String {
        switch reason {
        case .graded: "was dropped on purpose to judge the client's timeout"
        case .impairment: "was dropped (--drop)"
        case .rateLimited: "was dropped by the rate limit"
        case .heldFull: "was dropped (no room to hold its reply)"
        case .refused: "was refused"
        }
    }

    /// A number of seconds as `0.3 ms`, `12 ms`, `1.0 s`; `under 0.1 ms` rather than `0.0 ms`.
    static func text(seconds: Double) -> String {
        seconds < 0.000_05 ? "under 0.1 ms" : NumberText.duration(.microseconds(Int64((seconds * 1e6).rounded())))
    }
}
