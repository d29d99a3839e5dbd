/// The Pinger client's extra checks: a late reply, the summary, a reply that is not UTF-8.
extension PingerVerdict {
    /// `pinger.late-reply`: ping 7's RTT is its own reply's, not the late one's.
    static func lateReply(_ run: ClientRunRecord, _ transcript: PingerTranscript, unit: Duration) -> ClientCheckResult {
        let late = PingerPlan.late
        let next = PingerPlan.afterLate
        guard next < run.datagrams.count else {
            return .skipped(.pingerLateReply, because: "the client sent too few pings to reach ping 7")
        }
        guard let lateAnswer = run.answer(to: late), let nextAnswer = run.answer(to: next) else {
            return .skipped(.pingerLateReply, because: "the client was gone before the held replies were due")
        }
        let own = milliseconds(nextAnswer.at - run.datagrams[next].at)
        let wrong = milliseconds(lateAnswer.at - run.datagrams[next].at)
        let did =
            "the grader held the reply to \(name(late)) so that it came during \(name(next))'s wait, "
            + "\(Int(wrong.rounded())) ms after \(name(next)), whose own reply came \(Int(own.rounded())) ms after it"
        guard wrong > 0 else {
            return .skipped(.pingerLateReply, because: did + "; the late reply came before ping 7 went out")
        }
        guard let (measure, line) = transcript.rtt(next) else {
            let printed = transcript.byPing[next]?.first?.line.quoted
            return ClientCheckResult(
                .pingerLateReply,
                passed: transcript.untied.isEmpty ? false : true,
                detail: did + " and the client printed no RTT for \(name(next))"
                    + (printed.map { " (it printed " + $0 + ")" } ?? "") + transcript.untiedNote
            )
        }
        let tolerance = milliseconds(unit * 0.1)
        let taken = abs(measure.milliseconds - wrong) < abs(measure.milliseconds - own)
        let offByOne = transcript.rtt(next + 1) != nil && PingerPlan.dropped.contains(next + 1)
        if taken || (!measure.reads(own, within: tolerance) && offByOne) {
            return ClientCheckResult(
                .pingerLateReply,
                passed: false,
                detail: did + "; the client printed " + measure.text + " (" + line.quoted + "): it took the late reply "
                    + "for \(name(next))'s (check the sequence number in the reply)"
                    + (offByOne
                        ? " and is off by one after it: it printed a reply for \(name(next + 1)), whose reply the grader dropped"
                        : "")
            )
        }
        return ClientCheckResult(
            .pingerLateReply,
            passed: true,
            detail: did + "; the client printed " + measure.text + " for \(name(next)): its own reply, not the late one"
        )
    }

    /// `pinger.summary`: the printed minimum, average, maximum and loss agree with the lines printed.
    static func summary(_ run: ClientRunRecord, _ transcript: PingerTranscript) -> ClientCheckResult {
        guard !transcript.summaries.isEmpty else {
            return ClientCheckResult(
                .pingerSummary,
                passed: false,
                detail: "the client printed no summary (minimum, average and maximum RTT and the loss rate, the lab's "
                    + "optional part)"
            )
        }
        let readings = transcript.summaries.map(\.reading)
        let average = readings.compactMap(\.average).first
        let minimum = readings.compactMap(\.minimum).first
        let maximum = readings.compactMap(\.maximum).first
        let loss = readings.compactMap(\.lossPercent).first
        let rtts = (0..<run.datagrams.count).compactMap { transcript.rtt($0)?.measure.milliseconds }
        let reportedLost = (0..<run.datagrams.count).filter(transcript.reportedTimeout).count
        let sent = max(run.datagrams.count, 1)
        let quoted = transcript.summaries.prefix(2).map(\.line.quoted).joined(separator: ", ")
        var faults: [String] = []
        if !rtts.isEmpty {
            let mean = rtts.reduce(0, +) / Double(rtts.count)
            let close = { (value: Double, expected: Double) in abs(value - expected) <= max(1, expected * 0.1) }
            if let average, !close(average.milliseconds, mean) {
                let overSent = rtts.reduce(0, +) / Double(sent)
                faults.append(
                    "its average " + average.text + " is not the mean of the \(rtts.count) RTTs it printed ("
                        + NumberText.duration(.microseconds(Int64(mean * 1000))) + ")"
                        + (close(average.milliseconds, overSent)
                            ? ": it divides by the pings sent, not the replies received" : "")
                )
            }
            if let minimum, !close(minimum.milliseconds, rtts.min() ?? 0) {
                faults.append("its minimum " + minimum.text + " is not the least RTT it printed")
            }
            if let maximum, !close(maximum.milliseconds, rtts.max() ?? 0) {
                faults.append("its maximum " + maximum.text + " is not the greatest RTT it printed")
            }
        }
        let expectedLoss = Double(reportedLost) * 100 / Double(sent)
        let graderLoss = Double(lost(run).count) * 100 / Double(sent)
        if let loss, abs(loss - expectedLoss) > 0.5, abs(loss - graderLoss) > 0.5 {
            faults.append(
                "its loss \(Int(loss.rounded()))% is not the \(Int(expectedLoss.rounded()))% of pings it reported "
                    + "lost out of \(sent) sent"
            )
        }
        if average == nil && loss == nil { faults.append("no average RTT nor loss rate could be read in it") }
        return ClientCheckResult(
            .pingerSummary,
            passed: faults.isEmpty,
            detail: "the client printed " + quoted
                + (faults.isEmpty ? ", which agrees with the pings it reported" : ": " + faults.joined(separator: "; "))
        )
    }

    /// `pinger.bad-reply`: a reply that is not UTF-8 neither kills the client nor is called a timeout.
    static func badReply(_ run: ClientRunRecord, _ transcript: PingerTranscript) -> ClientCheckResult {
        let index = PingerPlan.badReply
        guard index < run.datagrams.count, let answer = run.answer(to: index), let reply = answer.reply else {
            return .skipped(.pingerBadReply, because: "the client sent too few pings to reach ping 10")
        }
        let did = "the grader answered \(name(index)) in time with " + CheckVerdict.quote(reply) + ", not UTF-8"
        let died = String(decoding: run.printed, as: UTF8.self).contains("UnicodeDecodeError")
        if died || (run.ending.status.map { $0 != 0 } ?? false) {
            return ClientCheckResult(
                .pingerBadReply,
                passed: false,
                detail: did + ", and the client died on it: " + PrintedLine.summary(run.output)
                    + "; decode with errors='replace', or read the sequence number from the bytes"
            )
        }
        if transcript.reportedTimeout(index) {
            return ClientCheckResult(
                .pingerBadReply,
                passed: false,
                detail: did + ", and the client reported it as a timeout: an except that catches every error "
                    + "calls a reply that came a timeout"
            )
        }
        return ClientCheckResult(
            .pingerBadReply,
            passed: true,
            detail: did + "; the client neither died nor called it a timeout"
        )
    }
}
