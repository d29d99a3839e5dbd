import FoundationEssentials

extension LiveGrade {
    /// The judgement at `now`: the failure found, else one a silence long enough makes, else pass once there is
    /// enough to judge (the ten pings; a heartbeat's interval and its sending on after a drop), else pending.
    public func verdict(at now: Date) -> LiveVerdict {
        if let failure = failure ?? (lab == .pinger ? timeoutFailure : nil) ?? silence(at: now) {
            return LiveVerdict(.fail, summary: lab.rawValue + ": " + failure.summary, detail: failure.detail)
        }
        switch lab {
        case .pinger: return pingerVerdict
        case .heartbeat: return heartbeatVerdict
        }
    }

    private var pingerVerdict: LiveVerdict {
        let count = "pinger \(datagrams)/\(Self.pings)"
        let lost = lostOnTheWay > 0 ? " (\(lostOnTheWay) lost on the way)" : ""
        let drops = judged.map { "ping \($0.drop.seq) " + Self.words($0.drop.reason) }.joined(separator: "; ")
        guard lastSeq >= Self.pings else {
            if let drop = pendingDrop {
                return LiveVerdict(
                    .pending,
                    summary: count + " · ping \(drop.seq) dropped" + (drop.reason == .graded ? " on purpose" : ""),
                    detail: "ping \(drop.seq) " + Self.words(drop.reason) + ": the next ping should come about "
                        + "1 s after it"
                )
            }
            return LiveVerdict(
                .pending,
                summary: count,
                detail: "\(datagrams) of 10 pings so far" + lost + (drops.isEmpty ? "" : "; " + drops)
            )
        }
        guard !judged.isEmpty else {
            return LiveVerdict(
                .pass,
                summary: count + " · timeout not judged",
                detail: "the client sent pings 1 to 10 in order" + lost + "; no ping before the last went without a "
                    + "reply, so its timeout could not be judged"
            )
        }
        let waits = judged.map { "ping \($0.drop.seq + 1) came " + Self.text(seconds: $0.wait) + " after it" }
        return LiveVerdict(
            .pass,
            summary: count + " · timeout ok",
            detail: "the client sent pings 1 to 10 in order, each \"Ping <seq> <time>\"" + lost + "; " + drops
                + ", and " + waits.joined(separator: ", ") + ": the client waits for its timeout"
        )
    }

    private var heartbeatVerdict: LiveVerdict {
        let count = "heartbeat \(datagrams)"
        let interval = median.map { Self.text(seconds: $0) }
        guard let survived = judged.last, let interval, gaps.count >= 3 else {
            let waiting =
                pendingDrop.map { "heartbeat \($0.seq) " + Self.words($0.reason) + ": the next should follow" }
                ?? (judged.isEmpty
                    ? "the server drops one on purpose to see the client send on" : "waiting for its interval")
            return LiveVerdict(.pending, summary: count, detail: "\(datagrams) heartbeats so far; " + waiting)
        }
        return LiveVerdict(
            .pass,
            summary: count + " · every " + interval + " · survived the drop",
            detail: "the client sends heartbeats every " + interval + ", sequence numbers rising by one"
                + (lostOnTheWay > 0 ? " (\(lostOnTheWay) lost on the way)" : "") + "; heartbeat \(survived.drop.seq) "
                + Self.words(survived.drop.reason) + " and the client sent on"
        )
    }

    /// The failure a silence makes by `now`, if it lasted ``silenceLimit``: the phrase and sentence state that limit,
    /// not the silence so far, so the words stay put as time passes.
    func silence(at now: Date) -> Failure? {
        guard silenceApplies, now.timeIntervalSince(lastAt) >= silenceLimit else { return nil }
        let waited = Self.text(seconds: silenceLimit)
        switch lab {
        case .pinger:
            if let drop = pendingDrop {
                return Failure(
                    summary: "no ping came after ping \(drop.seq) was dropped",
                    detail: "ping \(drop.seq) " + Self.words(drop.reason) + " and no ping came in " + waited
                        + ": the client "
                        + "still waits for its reply, or stopped; without socket.settimeout(1) a lost reply hangs the "
                        + "client for ever"
                )
            }
            return Failure(
                summary: "sent \(datagrams) ping\(datagrams == 1 ? "" : "s"), then nothing",
                detail:
                    "the client sent \(datagrams) ping\(datagrams == 1 ? "" : "s") (the last numbered \(lastSeq)) and "
                    + "then nothing for " + waited
                    + "; the lab's client sends 10 (unless the rest were lost on the way)"
            )
        case .heartbeat:
            if let drop = pendingDrop {
                return Failure(
                    summary: "stopped after heartbeat \(drop.seq) was dropped",
                    detail: "heartbeat \(drop.seq) " + Self.words(drop.reason) + " and none came in " + waited
                        + ": the client "
                        + "died or waits for ever; keep recvfrom() inside the try that catches its timeout"
                )
            }
            return Failure(
                summary: "sent \(datagrams) heartbeat\(datagrams == 1 ? "" : "s"), then nothing",
                detail: "the client sent \(datagrams) heartbeat\(datagrams == 1 ? "" : "s") and then nothing for "
                    + waited
                    + "; a Heartbeat client sends on until it is stopped"
            )
        }
    }

    /// Whether a silence could still settle the judgement: not once a failure is found (a Pinger's wrong wait,
    /// found first, is what it is judged by); a Pinger short of ten pings or waited on after a drop; a heartbeat peer
    /// not yet seen sending on after a drop, or waited on after one.
    var silenceApplies: Bool {
        guard failure == nil, lab == .heartbeat || timeoutFailure == nil else { return false }
        return switch lab {
        case .pinger: lastSeq < Self.pings
        case .heartbeat: pendingDrop != nil || judged.isEmpty || gaps.count < 3
        }
    }

    /// The silence that settles a judgement, in seconds: three of the lab's timeouts for a Pinger; three of a
    /// heartbeat's intervals (never under three timeouts), or ``silenceBeforeInterval`` before it is known.
    var silenceLimit: Double {
        switch lab {
        case .pinger: Self.silentSpans * Self.timeout
        case .heartbeat:
            median.map { max(Self.silentSpans * Self.timeout, Self.silentSpans * $0) } ?? Self.silenceBeforeInterval
        }
    }
}
