import FoundationEssentials

/// A run of lab pings over a ``ClientSession``, as pure state: it makes each ping's message, knows which of the
/// session's requests are its pings (by the text it made), turns the session's outcomes about them into
/// ``PingResult``s, and keeps the ``PingStatistics``. `shout ping` and the client screen's `/ping` both drive one.
///
/// Replies are matched by the session, by content: the expected reply is the upper-cased ping, which holds its
/// sequence number, so a late reply or a second copy is reported for its own ping and never taken for the next one's.
public struct PingRun: Sendable {
    /// How many pings to send.
    public let count: Int
    /// The size to pad each message to, if any.
    public let size: Int?
    /// The figures so far.
    public private(set) var statistics = PingStatistics()
    /// Pings made so far (the next one's sequence number less one).
    public private(set) var made = 0
    /// Pings whose reply came in time, or that were lost.
    public private(set) var settled = 0
    /// Messages made but not yet reported sent by the session, to their sequence numbers.
    private var unsent: [[UInt8]: Int] = [:]
    /// The session's request numbers of the pings sent, to their sequence numbers.
    private var requests: [Int: Int] = [:]
    /// Whether the run was stopped before all its pings were made.
    public private(set) var wasStopped = false
    /// Why the run stopped by itself: a ping's socket could not be opened (the TCP connection refused, the host not
    /// found), so every later ping would fail the same way; and that ping's sequence number.
    public private(set) var endedBy: (error: ClientSocketError, seq: Int)?

    public init(count: Int, size: Int? = nil) {
        self.count = count
        self.size = size
    }

    /// Whether every ping has been made.
    public var isAllMade: Bool { wasStopped || made >= count }

    /// Whether every ping made has been answered or lost.
    public var isSettled: Bool { settled >= made }

    /// Whether every ping has been made and settled.
    public var isDone: Bool { isAllMade && isSettled }

    /// The next ping's message, sent at `date`; nil once all are made.
    public mutating func nextMessage(at date: Date) -> [UInt8]? {
        guard !isAllMade else { return nil }
        made += 1
        let text = PingMessage.text(seq: made, at: date, size: size)
        unsent[text] = made
        return text
    }

    /// Takes a session outcome: returns the result it is for one of these pings, nil for anything else.
    public mutating func take(_ outcome: ClientSessionOutcome) -> PingResult? {
        switch outcome {
        case .sent(let request, let text, _):
            guard let seq = unsent.removeValue(forKey: text) else { return nil }
            requests[request] = seq
            statistics.sent += 1
            return nil
        case .reply(let request, _, let reply, _, let rtt, _):
            guard let seq = requests[request] else { return nil }
            settled += 1
            let result = PingResult(seq: seq, status: .reply, rtt: rtt, reply: reply)
            statistics.addReply(rtt: result.rttMilliseconds ?? 0)
            return result
        case .mismatched(let request, _, let reply, _, _, let rtt):
            guard let seq = requests[request] else { return nil }
            settled += 1
            var result = PingResult(seq: seq, status: .reply, rtt: rtt, reply: reply)
            result.differs = true
            statistics.addReply(rtt: result.rttMilliseconds ?? 0)
            return result
        case .late(let request, _, let reply, _, let after):
            guard let seq = requests[request] else { return nil }
            statistics.late += 1
            return PingResult(seq: seq, status: .late, rtt: after, reply: reply)
        case .duplicate(let request, _, let reply, _):
            guard let seq = requests[request] else { return nil }
            statistics.duplicates += 1
            return PingResult(seq: seq, status: .duplicate, reply: reply)
        case .lost(let request, _, _, let reason):
            guard let seq = requests[request] else { return nil }
            settled += 1
            if case .timeout = reason { return PingResult(seq: seq, status: .timeout, reason: "timeout") }
            return PingResult(seq: seq, status: .lost, reason: reason.recordText)
        case .openFailed(_, let error, let unsentTexts):
            // Pings that never went out are not counted as sent, and no more are made: the next one's socket would
            // fail the same way (as ping(8) stops when it cannot connect).
            let seqs = unsentTexts.compactMap { unsent[$0] }
            guard let first = seqs.min() else { return nil }
            endedBy = (error, first)
            stop()
            return nil
        case .connecting:
            // `/connect` gave up on everything in flight.
            stop()
            return nil
        case .resent(let request, let original, _, _):
            // The same ping on a new connection (the server closed the old one unread): it keeps its number.
            if let seq = requests[original] { requests[request] = seq }
            return nil
        case .notSent(let request, _, _, let error):
            // Never transmitted: settled, and not counted as sent, as ping(8) counts only what left.
            guard let seq = requests[request] else { return nil }
            settled += 1
            statistics.sent -= 1
            return PingResult(seq: seq, status: .notSent, reason: error.description)
        case .tooLargeForUDP(let text, _):
            if unsent.removeValue(forKey: text) != nil { settled += 1 }
            return nil
        case .resending, .unsolicited, .ready, .closedByServer, .socketProblem, .sendFailed, .closedIdleTCP,
            .switched, .alreadyOn, .timeoutChanged, .stillWaiting, .connectionInfo, .kernelView:
            return nil
        }
    }

    /// Why the run stopped by itself, in words: `stopped at ping 1 of 3: the connection was refused, so no more
    /// pings are sent`; nil when it did not.
    public var endedSentence: String? {
        guard let endedBy else { return nil }
        let why =
            switch endedBy.error.kind {
            case .refused: "the connection was refused"
            case .hostNotFound: "the host was not found"
            default: "the socket could not be opened (\(endedBy.error.shortState))"
            }
        return "stopped at ping \(endedBy.seq) of \(count): \(why), so no more pings are sent"
    }

    /// Stops early (Ctrl-C, or the host gives up): pings not yet made are not made; pings in flight stay counted as
    /// sent and not received, as ping(8) counts them.
    public mutating func stop() {
        wasStopped = true
        made = statistics.sent
        settled = made
        unsent = [:]
    }
}
