import ShoutCore

extension ClientScreenState {
    /// `/ping N`: the UDP Pinger lab in the transcript. Pings go one at a time through the current transport, each
    /// once the last one's reply came or its timeout passed (as the lab's client does); the transcript shows each
    /// as any line, and the statistics line once all are settled.
    mutating func startPing(count: Int, at now: Moment) -> [ClientScreenEffect] {
        if let ping {
            problem("a /ping is still under way (\(ping.made) of \(ping.count) sent); wait for its statistics", at: now)
            return []
        }
        ping = PingRun(count: count)
        note(
            "ping \(server) over \(transport.label): \(count) ping\(count == 1 ? "" : "s") \"Ping <seq> <time>\", "
                + "each after the last one's reply or \(DurationText.seconds(timeout)) s timeout",
            at: now
        )
        return sendNextPing(at: now)
    }

    /// Sends the run's next ping, if one is left.
    private mutating func sendNextPing(at now: Moment) -> [ClientScreenEffect] {
        guard var run = ping, let message = run.nextMessage(at: now.date) else { return [] }
        ping = run
        return show(session.send(message, at: now), at: now)
    }

    /// Takes a step's outcomes into the run: sends the next ping once the last is settled, and writes the
    /// statistics line once all are.
    mutating func advancePing(_ outcomes: [ClientSessionOutcome], at now: Moment) -> [ClientScreenEffect] {
        guard var run = ping else { return [] }
        for outcome in outcomes { _ = run.take(outcome) }
        ping = run
        if run.isDone {
            ping = nil
            if let ended = run.endedSentence {
                // Said once, after the ✗ line of the socket that could not be opened; the statistics only when a
                // ping went out before.
                note("ping \(server) \(ended)", at: now)
                if run.statistics.sent == 0 { return [] }
            }
            note(run.statistics.oneLine(target: server.description), at: now)
            return []
        }
        return run.isSettled ? sendNextPing(at: now) : []
    }
}
