/// The Pinger client's checks, from its run of ten pings against ``PingerPlan``: what crossed the wire (count,
/// format, the wait after a drop) and what it printed (timeouts, RTTs, the summary).
public enum PingerVerdict {
    /// How many pings the lab's client sends.
    public static let expected = 10

    /// The results of a pings run.
    public static func results(_ run: ClientRunRecord, unit: Duration) -> [ClientCheckResult] {
        let transcript = PingerTranscript(run)
        return [
            count(run),
            format(run),
            timeout(run, unit: unit),
            reportsLoss(run, transcript),
            rtt(run, transcript, unit: unit),
            lateReply(run, transcript, unit: unit),
            summary(run, transcript),
            badReply(run, transcript),
        ]
    }

    /// `ping 3`: a ping by its order (from 0) as the sentences name it, from 1.
    static func name(_ index: Int) -> String { "ping \(index + 1)" }

    /// A duration in milliseconds.
    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// `pinger.count`: ten pings, numbered 1 to 10 in order.
    static func count(_ run: ClientRunRecord) -> ClientCheckResult {
        let seqs = run.datagrams.map { HeartbeatPayload.parse($0.bytes)?.seq }
        let total = run.datagrams.count + run.datagramsNotKept
        let listed = seqs.prefix(12).map { $0.map(String.init) ?? "?" }.joined(separator: ", ")
        let passed = total == expected && seqs == (1...expected).map { Optional($0) }
        let detail =
            passed
            ? "the client sent 10 pings, sequence numbers 1 to 10 in order"
            : "the client sent \(total) datagram\(total == 1 ? "" : "s") with sequence numbers \(listed)"
                + (total > 12 ? ", …" : "") + "; the lab expects 10 pings numbered 1 to 10 in order"
        return ClientCheckResult(
            .pingerCount,
            passed: passed,
            detail: detail,
            figures: [("pings", .number(Double(total)))]
        )
    }

    /// `pinger.format`: each `Ping <seq> <time>`, its time a few seconds from the grader's clock at most.
    static func format(_ run: ClientRunRecord) -> ClientCheckResult {
        for datagram in run.datagrams {
            let quoted = CheckVerdict.quote(datagram.bytes)
            guard let payload = HeartbeatPayload.parse(datagram.bytes), payload.kind == .ping else {
                return ClientCheckResult(
                    .pingerFormat,
                    passed: false,
                    detail: "the client sent " + quoted + "; the lab expects \"Ping <seq> <time>\""
                )
            }
            guard let sentAt = payload.sentAt else {
                return ClientCheckResult(
                    .pingerFormat,
                    passed: false,
                    detail: "the client sent " + quoted + ": its time is missing or cannot be read (the lab sends "
                        + "time.time(), seconds since the epoch)"
                )
            }
            let now = run.startedAt + milliseconds(datagram.at) / 1000
            let off = sentAt.timeIntervalSince1970 - now
            if abs(off) > 5 {
                return ClientCheckResult(
                    .pingerFormat,
                    passed: false,
                    detail: "the client sent " + quoted + ", whose time is \(Int(off.rounded())) s from the "
                        + "grader's clock; the lab sends time.time() when the ping goes out"
                )
            }
        }
        guard let first = run.datagrams.first else {
            return ClientCheckResult(.pingerFormat, passed: false, detail: "the client sent no ping")
        }
        return ClientCheckResult(
            .pingerFormat,
            passed: true,
            detail: "every ping reads \"Ping <seq> <time>\" with the time it was sent, as "
                + CheckVerdict.quote(first.bytes) + " does"
        )
    }

    /// `pinger.timeout`: after each dropped reply the next ping comes after about one unit.
    static func timeout(_ run: ClientRunRecord, unit: Duration) -> ClientCheckResult {
        let pings = run.datagrams
        let low = milliseconds(unit * 0.8)
        let high = milliseconds(unit * 2)
        var gaps: [String] = []
        for index in PingerPlan.dropped.sorted() where index < pings.count {
            let did = "the grader dropped the reply to \(name(index))"
            guard index + 1 < pings.count else {
                let silent = milliseconds(run.ending.at - pings[index].at)
                let how: String =
                    if case .ended = run.ending { "it was still waiting when the grader ended it" } else {
                        "it exited (\(PrintedLine.summary(run.output)))"
                    }
                return ClientCheckResult(
                    .pingerTimeout,
                    passed: false,
                    detail: did + " and no ping followed in " + NumberText.duration(.milliseconds(Int64(silent)))
                        + ": " + how + "; without socket.settimeout(1) a lost reply hangs the client for ever"
                )
            }
            let gap = milliseconds(pings[index + 1].at - pings[index].at)
            // A stale reply that came in the wait ends it as a reply would: that gap says nothing of the timeout.
            if let stale = run.answers.first(where: {
                $0.reply != nil && $0.at > pings[index].at && $0.at < pings[index + 1].at
            }) {
                gaps.append(
                    "\(name(index + 1)) followed the late reply to \(name(stale.datagram)), not a timeout "
                        + "(pinger.late-reply)"
                )
                continue
            }
            let gapText = NumberText.duration(.milliseconds(Int64(gap.rounded())))
            if gap < low {
                return ClientCheckResult(
                    .pingerTimeout,
                    passed: false,
                    detail: did + " and \(name(index + 1)) came " + gapText + " after it: no wait for the reply "
                        + "(a timeout of 0?); the lab waits " + CheckVerdict.seconds(unit)
                )
            }
            if gap > high {
                return ClientCheckResult(
                    .pingerTimeout,
                    passed: false,
                    detail: did + " and \(name(index + 1)) came only " + gapText + " after it; the lab waits "
                        + CheckVerdict.seconds(unit)
                )
            }
            gaps.append("\(name(index + 1)) came " + gapText + " after \(name(index))")
        }
        guard gaps.count == PingerPlan.dropped.count else {
            return ClientCheckResult(
                .pingerTimeout,
                passed: false,
                detail: "the client sent \(pings.count) pings, too few to reach the replies the grader drops "
                    + "(to pings 3 and 8)"
            )
        }
        return ClientCheckResult(
            .pingerTimeout,
            passed: true,
            detail: "the grader dropped the replies to pings 3 and 8 and the client waited about "
                + CheckVerdict.seconds(unit) + " for each: " + gaps.joined(separator: "; ")
        )
    }

    /// The pings whose replies did not come within the client's wait: those dropped, and the late one when the
    /// next ping went out before its reply.
    static func lost(_ run: ClientRunRecord) -> Set<Int> {
        var lost = PingerPlan.dropped.filter { $0 < run.datagrams.count }
        let late = PingerPlan.late
        if late < run.datagrams.count, let reply = run.answer(to: late),
            late + 1 >= run.datagrams.count || run.datagrams[late + 1].at < reply.at
        {
            lost.insert(late)
        }
        return lost
    }

    /// `pinger.reports-loss`: a timeout printed for each ping whose reply did not come in time, and no other.
    static func reportsLoss(_ run: ClientRunRecord, _ transcript: PingerTranscript) -> ClientCheckResult {
        let lost = lost(run)
        let reported = Set((0..<run.datagrams.count).filter(transcript.reportedTimeout))
        let missing = lost.subtracting(reported).sorted()
        let extra = reported.subtracting(lost).subtracting([PingerPlan.badReply]).sorted()
        let names = { (set: [Int]) in set.map { String($0 + 1) }.joined(separator: ", ") }
        let did =
            "the repl\(lost.count == 1 ? "y" : "ies") to ping\(lost.count == 1 ? "" : "s") \(names(lost.sorted())) "
            + "did not come in time (dropped, or late past the next ping)"
        if missing.isEmpty && extra.isEmpty {
            return ClientCheckResult(
                .pingerReportsLoss,
                passed: true,
                detail: did + " and the client printed a timeout for each, and for no other" + transcript.untiedNote
            )
        }
        var faults: [String] = []
        if !missing.isEmpty {
            let example = missing.first.flatMap { transcript.byPing[$0]?.first?.line.quoted }
            faults.append(
                "printed no timeout for ping\(missing.count == 1 ? "" : "s") \(names(missing))"
                    + (example.map { " (it printed " + $0 + ")" } ?? "")
            )
        }
        if !extra.isEmpty {
            faults.append(
                "printed a timeout for ping\(extra.count == 1 ? "" : "s") \(names(extra)), whose replies came in time"
            )
        }
        // When lines could not be tied to pings, a missing timeout may be a guess: do not fail on it.
        let guess = !transcript.untied.isEmpty && extra.isEmpty
        return ClientCheckResult(
            .pingerReportsLoss,
            passed: guess,
            detail: did + "; the client " + faults.joined(separator: " and ") + transcript.untiedNote
        )
    }

    /// `pinger.rtt`: the RTT printed for the held reply reads the hold; none printed is zero or negative.
    static func rtt(_ run: ClientRunRecord, _ transcript: PingerTranscript, unit: Duration) -> ClientCheckResult {
        let index = PingerPlan.measured
        // What crossed the wire: from the ping's arrival to the reply's sending, which a loaded machine makes longer
        // than the plan's hold (the client can only measure that).
        let sentAfter = run.answer(to: index).flatMap { answer in
            index < run.datagrams.count ? answer.at - run.datagrams[index].at : nil
        }
        let expected = milliseconds(sentAfter ?? unit * PingerPlan.hold(index))
        // 6 % of the unit, and never under 60 ms: a busy machine's delays do not shrink with --timeout.
        let tolerance = max(milliseconds(unit * 0.06), 60)
        let held = "the grader held the reply to \(name(index)) \(Int(expected.rounded())) ms"
        var zero: String?
        for ping in 0..<run.datagrams.count where run.answer(to: ping)?.reply != nil {
            if let (measure, line) = transcript.rtt(ping), measure.value <= 0 {
                zero = "; it printed " + measure.text + " for \(name(ping)) (" + line.quoted + "), a real reply"
                break
            }
        }
        guard let (measure, line) = transcript.rtt(index) else {
            let lines = transcript.byPing[index]?.map(\.line.quoted).joined(separator: ", ")
            return ClientCheckResult(
                .pingerRTT,
                passed: !transcript.untied.isEmpty,
                detail: held + " and the client printed no RTT for it"
                    + (lines.map { " (it printed " + $0 + ")" } ?? "") + (zero ?? "") + transcript.untiedNote
            )
        }
        let reads = measure.reads(expected, within: tolerance)
        var detail = held + " and the client printed " + measure.text + " (" + line.quoted + ")"
        if !reads {
            let ratio = measure.milliseconds / max(expected, 0.001)
            if (500...2000).contains(ratio) {
                detail += ": about 1000 times too large: microseconds labelled as milliseconds?"
            } else if (0.0005...0.002).contains(ratio) {
                detail += ": about 1000 times too small: seconds labelled as milliseconds?"
            } else {
                detail += "; the lab expects \(Int(expected.rounded())) ms ± \(Int(tolerance.rounded())) ms"
            }
        }
        return ClientCheckResult(.pingerRTT, passed: reads && zero == nil, detail: detail + (zero ?? ""))
    }
}
