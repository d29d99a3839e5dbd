import FoundationEssentials

/// The ``LiveGrade`` of every UDP peer that sends lab pings or heartbeats, for `shout server --grade`'s headless
/// log: it reads each event, gives the verdict of the peer it is about (for that line's `grade` fields), and says
/// which peers' judgements were settled since it was last asked (a `graded` line each).
///
/// Bounded: past ``capacity`` peers the least recently heard from is forgotten.
public struct LiveGradeTable: Sendable {
    /// Peers kept at most.
    public let capacity: Int
    /// Each pinging peer's judge.
    public private(set) var peers: [Endpoint: LiveGrade] = [:]
    /// The status each peer was last reported with on a `graded` line.
    private var reported: [Endpoint: LiveVerdict.Status] = [:]
    /// Whether a host is this machine's address (its clock is the server's; loopback always counts).
    private let isLocal: @Sendable (String) -> Bool

    /// `isLocal` tells this machine's addresses.
    public init(capacity: Int = 1_000, isLocal: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.capacity = max(1, capacity)
        self.isLocal = isLocal
    }

    /// Takes a UDP datagram's event into its peer's judge, and returns the peer's verdict for the event's line: for
    /// a datagram or a reply of a pinging peer; nil for any other event or peer.
    public mutating func observe(_ event: ServerEvent) -> LiveVerdict? {
        switch event.kind {
        case .received(.udp, let peer, let payload):
            return saw(payload, from: peer, at: event.time, dropped: nil)
        case .dropped(.udp, let peer, let payload, let reason):
            return saw(payload, from: peer, at: event.time, dropped: reason)
        case .replied(.udp, let peer, _):
            return peers[peer]?.verdict(at: event.time)
        default:
            return nil
        }
    }

    private mutating func saw(
        _ payload: Payload,
        from peer: Endpoint,
        at time: Date,
        dropped reason: ServerEvent.DropReason?
    ) -> LiveVerdict? {
        // A refused datagram never reached the lab's rules (a privileged or the server's own port).
        guard reason != .refused else { return peers[peer]?.verdict(at: time) }
        if var grade = peers[peer] {
            grade.saw(payload.preview, at: time, dropped: reason)
            peers[peer] = grade
            return grade.verdict(at: time)
        }
        guard
            let grade = LiveGrade(
                first: payload.preview,
                at: time,
                dropped: reason,
                sameMachine: HeartbeatTable.isSameMachine(peer, isLocal: isLocal)
            )
        else { return nil }
        peers[peer] = grade
        if peers.count > capacity { forgetOldest() }
        return grade.verdict(at: time)
    }

    /// The peers whose judgement was settled (pass or fail) or changed since last asked, by `now`, with their
    /// verdicts, in the order they were last heard from.
    public mutating func newlySettled(at now: Date) -> [(peer: Endpoint, verdict: LiveVerdict)] {
        var settled: [(peer: Endpoint, verdict: LiveVerdict, last: Date)] = []
        for peer in Array(peers.keys) {
            peers[peer]?.settle(at: now)
            guard let grade = peers[peer] else { continue }
            let verdict = grade.verdict(at: now)
            guard verdict.isFinal, reported[peer] != verdict.status else { continue }
            reported[peer] = verdict.status
            settled.append((peer, verdict, grade.lastAt))
        }
        return settled.sorted { $0.last < $1.last }.map { ($0.peer, $0.verdict) }
    }

    /// When the next judgement would be settled by a silence, for a log that must wake then.
    public var nextSettling: Date? { peers.values.compactMap(\.settlesAt).min() }

    private mutating func forgetOldest() {
        guard let oldest = peers.min(by: { $0.value.lastAt < $1.value.lastAt })?.key else { return }
        peers[oldest] = nil
        reported[oldest] = nil
    }
}
