import FoundationEssentials

/// What the server makes of one UDP peer's lab pings or heartbeats (``HeartbeatPayload``): the last sequence number,
/// the gaps (sequence numbers that never arrived, counted from the lowest one seen), reordering (one that came after
/// a higher one), duplicates, the one-way delay where the time field parses, and whether the peer has stopped (three
/// of its intervals without one, and never under ``shortestStop``). Pure: the caller passes the times in.
///
/// A datagram that `--drop` dropped is taken as not arrived (the classroom's stand-in for the network losing it), so
/// its sequence number is a gap unless a copy of it comes later.
///
/// Bounded whatever a peer sends: the gaps are kept as at most ``rangeCapacity`` ranges; past that the oldest are
/// only counted (and a copy arriving for one of those is taken for a duplicate).
public struct Heartbeat: Sendable, Equatable {
    /// Ranges of missing sequence numbers kept at most.
    public static let rangeCapacity = 32

    /// The word the peer uses.
    public private(set) var kind: HeartbeatPayload.Kind
    /// The sequence number of the last datagram that arrived.
    public private(set) var lastSeq: Int
    /// The highest sequence number that arrived.
    public private(set) var highest: Int
    /// The lowest sequence number seen (arrived or dropped): gaps count from here.
    public private(set) var lowest: Int
    /// The missing sequence numbers still remembered, as ranges in order.
    public private(set) var missing: [ClosedRange<Int>] = []
    /// Missing sequence numbers older than the ranges kept.
    public private(set) var forgottenMissing = 0
    /// Datagrams that arrived after a higher sequence number had.
    public private(set) var reordered = 0
    /// Datagrams whose sequence number had arrived already.
    public private(set) var duplicates = 0
    /// Datagrams that arrived.
    public private(set) var arrivals = 0
    /// When the last one arrived.
    public private(set) var lastArrival: Date
    /// When the highest one arrived.
    private var highestArrival: Date
    /// When the peer says it sent the highest one, where its time field parsed.
    private var highestSentAt: Date?
    /// The peer's interval between sequence numbers, in seconds (smoothed), once two have arrived: from the times
    /// the peer wrote in them where both parse (a busy server that reads two datagrams in one burst does not make the
    /// peer look faster, and then stopped between its next two), else from when they arrived.
    public private(set) var interval: Double?
    /// The last one-way delay, in milliseconds (negative when the clocks disagree), when the time field parsed.
    public private(set) var oneWay: Double?
    /// Whether the peer is on this machine, so one clock measures both ends and the one-way delay is exact; from
    /// another machine it is an estimate (the two clocks differ).
    public let sameMachine: Bool

    /// Starts with the first datagram seen; `arrived` is false for one `--drop` dropped.
    public init(first payload: HeartbeatPayload, at time: Date, sameMachine: Bool, arrived: Bool = true) {
        kind = payload.kind
        lastSeq = payload.seq
        highest = payload.seq
        lowest = payload.seq
        lastArrival = time
        highestArrival = time
        self.sameMachine = sameMachine
        if arrived {
            highestSentAt = payload.sentAt
            arrivals = 1
            highestArrivedSeq = payload.seq
            oneWay = payload.sentAt.map { time.timeIntervalSince($0) * 1000 }
        } else {
            missing = [payload.seq...payload.seq]
        }
    }

    /// Sequence numbers that never arrived.
    public var gapCount: Int { missing.reduce(forgottenMissing) { $0 + $1.count } }

    /// The shortest silence that counts as stopped, in seconds: three of the lab's one-second timeouts. A Pinger client
    /// sends its next ping as soon as a reply comes (an interval of a fraction of a millisecond) and waits up to 1 s
    /// for a reply that was lost: that wait is not a stop.
    public static let shortestStop = 3.0

    /// Whether it has gone quiet: three intervals since the last one arrived, and at least ``shortestStop`` (never
    /// while it is not pinging).
    public func isStopped(at now: Date) -> Bool {
        guard let stopsAt else { return false }
        return now >= stopsAt
    }

    /// When it counts as stopped if nothing more arrives; nil until its interval is known, and while the peer is
    /// not pinging.
    public var stopsAt: Date? {
        guard isPinging else { return nil }
        return interval.map { lastArrival.addingTimeInterval(max(3 * $0, Self.shortestStop)) }
    }

    /// Whether its last datagram was a ping (or heartbeat); false once it sent anything else.
    public private(set) var isPinging = true

    /// Takes a datagram from the same peer that is not a ping (a line typed after `/ping`, say): the peer is
    /// talking, so it has not stopped, and it counts as stopped again only after it pings again and goes quiet.
    public mutating func heardOther(at time: Date) {
        lastArrival = max(lastArrival, time)
        isPinging = false
    }

    /// Takes a datagram that arrived (and was answered) at `time`; returns what it says.
    public mutating func arrived(_ payload: HeartbeatPayload, at time: Date) -> HeartbeatObservation {
        let seq = payload.seq
        let wasStopped = isStopped(at: time)
        isPinging = true
        var observation = HeartbeatObservation(payload: payload)
        let wasKnown = seq >= lowest && seq <= highest
        var wasMissing = false
        if wasKnown {
            wasMissing = removeMissing(seq)
        } else {
            cover(seq)
            _ = removeMissing(seq)
        }
        if wasKnown && !wasMissing {
            duplicates += 1
            observation.isDuplicate = true
        } else if arrivals > 0 && seq < highestArrivedSeq {
            reordered += 1
            observation.isReordered = true
        }
        if arrivals == 0 || seq > highestArrivedSeq {
            if arrivals > 0, seq > highestArrivedSeq {
                let elapsed =
                    payload.sentAt.flatMap { sent in highestSentAt.map { sent.timeIntervalSince($0) } }
                    ?? time.timeIntervalSince(highestArrival)
                let sample = elapsed / Double(seq - highestArrivedSeq)
                if sample > 0 { interval = interval.map { $0 * 0.75 + sample * 0.25 } ?? sample }
            }
            highestArrivedSeq = seq
            highestArrival = time
            highestSentAt = payload.sentAt
        }
        arrivals += 1
        lastSeq = seq
        lastArrival = max(lastArrival, time)
        if let sentAt = payload.sentAt { oneWay = time.timeIntervalSince(sentAt) * 1000 }
        observation.oneWay = payload.sentAt.map { time.timeIntervalSince($0) * 1000 }
        observation.resumed = wasStopped
        observation.heartbeat = self
        return observation
    }

    /// Takes a datagram `--drop` dropped: its sequence number counts as missing unless it arrived already.
    public mutating func dropped(_ payload: HeartbeatPayload) -> HeartbeatObservation {
        if !(payload.seq >= lowest && payload.seq <= highest) { cover(payload.seq) }
        var observation = HeartbeatObservation(payload: payload)
        observation.arrived = false
        observation.heartbeat = self
        return observation
    }

    /// The highest sequence number that arrived (not only seen dropped).
    private var highestArrivedSeq = Int.min

    /// Widens the range seen to take in `seq`, the numbers new to it (and `seq` itself) counted as missing.
    private mutating func cover(_ seq: Int) {
        if seq > highest {
            insertMissing(highest + 1...seq)
            highest = seq
        } else if seq < lowest {
            insertMissing(seq...lowest - 1)
            lowest = seq
        }
    }

    /// Adds a range of missing numbers (outside every range kept), keeping at most ``rangeCapacity`` ranges.
    private mutating func insertMissing(_ range: ClosedRange<Int>) {
        let index = missing.firstIndex { $0.lowerBound > range.upperBound } ?? missing.endIndex
        if index > 0, missing[index - 1].upperBound + 1 == range.lowerBound {
            missing[index - 1] = missing[index - 1].lowerBound...range.upperBound
        } else {
            missing.insert(range, at: index)
        }
        while missing.count > Self.rangeCapacity { forgottenMissing += missing.removeFirst().count }
    }

    /// Takes `seq` out of the missing ranges; returns whether it was missing.
    private mutating func removeMissing(_ seq: Int) -> Bool {
        guard let index = missing.firstIndex(where: { $0.contains(seq) }) else { return false }
        let range = missing.remove(at: index)
        var pieces: [ClosedRange<Int>] = []
        if range.lowerBound < seq { pieces.append(range.lowerBound...seq - 1) }
        if seq < range.upperBound { pieces.append(seq + 1...range.upperBound) }
        missing.insert(contentsOf: pieces, at: index)
        return true
    }

    /// The gaps as text, the first few ranges: `3 (4, 7–9)`, `12 (1–3, 5, 8, …)`, or `0`.
    public func gapsText(ascii: Bool = false, ranges shown: Int = 3) -> String {
        gapCount > 0 ? "\(gapCount) (" + missingText(ascii: ascii, ranges: shown) + ")" : "0"
    }

    /// The first few missing ranges as text, `4, 7–9, …` (empty when none is missing).
    public func missingText(ascii: Bool = false, ranges shown: Int = 3) -> String {
        let dash = ascii ? "-" : "–"
        var parts = missing.prefix(shown).map {
            $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)\(dash)\($0.upperBound)"
        }
        if missing.count > shown || forgottenMissing > 0 { parts.append(ascii ? "..." : "…") }
        return parts.joined(separator: ", ")
    }

    /// The one-way delay as text, `0.3 ms`, with `≈` and `(estimate)` when the peer is on another machine.
    public var oneWayText: String? {
        guard let oneWay else { return nil }
        let figure = PingStatistics.milliseconds(oneWay) + " ms"
        return sameMachine ? figure : "≈" + figure + " (estimate: two clocks)"
    }
}
