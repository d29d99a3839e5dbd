/// The Heartbeat client's checks, from its run: a steady interval, sequence numbers that rise by one, sending on
/// after the replies the grader dropped, and how it ended.
public enum HeartbeatClientVerdict {
    /// The results of a heartbeats run.
    public static func results(_ run: ClientRunRecord) -> [ClientCheckResult] {
        [interval(run), seq(run), survivesDrop(run), exits(run)]
    }

    /// A duration in milliseconds.
    static func milliseconds(_ duration: Duration) -> Double { PingerVerdict.milliseconds(duration) }

    /// `heartbeat.interval`: heartbeats at a steady interval.
    static func interval(_ run: ClientRunRecord) -> ClientCheckResult {
        let beats = run.datagrams
        if let bad = beats.first(where: { HeartbeatPayload.parse($0.bytes) == nil }) {
            return ClientCheckResult(
                .heartbeatInterval,
                passed: false,
                detail: "the client sent " + CheckVerdict.quote(bad.bytes)
                    + "; the lab expects \"Heartbeat <seq> <time>\" (or \"Ping <seq> <time>\")"
            )
        }
        guard beats.count >= 3 else {
            return ClientCheckResult(
                .heartbeatInterval,
                passed: false,
                detail: "the client sent \(beats.count) heartbeat\(beats.count == 1 ? "" : "s") in "
                    + NumberText.duration(run.ending.at) + ", too few to show an interval; "
                    + PrintedLine.summary(run.output)
            )
        }
        let gaps = zip(beats.dropFirst(), beats).map { milliseconds($0.at - $1.at) }
        let median = gaps.sorted()[gaps.count / 2]
        let spread = gaps.map { NumberText.duration(.microseconds(Int64($0 * 1000))) }.joined(separator: ", ")
        let steady = median >= 5 && gaps.allSatisfy { $0 >= median * 0.5 && $0 <= median * 1.5 }
        // The long gaps each right after a dropped reply: the client waits out its timeout, then its interval.
        let long = gaps.indices.filter { gaps[$0] > median * 1.5 }
        let afterDrops =
            !long.isEmpty && long.allSatisfy { run.answer(to: $0)?.reply == nil && run.answer(to: $0) != nil }
        let advice =
            afterDrops
            ? "; the long gaps follow the replies the grader dropped: the client waits out its timeout and then its "
                + "whole interval; sleep only what is left of the interval"
            : "; the lab expects one at a steady interval"
        return ClientCheckResult(
            .heartbeatInterval,
            passed: steady,
            detail: "the client sent \(beats.count) heartbeats " + spread + " apart"
                + (steady ? ", a steady interval" : advice),
            figures: [("interval_ms", .number(median.rounded()))]
        )
    }

    /// `heartbeat.seq`: sequence numbers rising by one.
    static func seq(_ run: ClientRunRecord) -> ClientCheckResult {
        let seqs = run.datagrams.compactMap { HeartbeatPayload.parse($0.bytes)?.seq }
        let listed = seqs.prefix(10).map(String.init).joined(separator: ", ") + (seqs.count > 10 ? ", …" : "")
        guard !seqs.isEmpty else {
            return ClientCheckResult(.heartbeatSeq, passed: false, detail: "the client sent no heartbeat")
        }
        let rises = zip(seqs.dropFirst(), seqs).allSatisfy { $0 == $1 + 1 }
        return ClientCheckResult(
            .heartbeatSeq,
            passed: rises,
            detail: "sequence numbers " + listed
                + (rises
                    ? ", each one more than the last" : "; the lab expects each one more than the last, none repeated")
        )
    }

    /// `heartbeat.survives-drop`: heartbeats go on after each dropped reply.
    static func survivesDrop(_ run: ClientRunRecord) -> ClientCheckResult {
        let drops = ClientLabScript.heartbeatDrops.sorted().filter { $0 < run.datagrams.count }
        guard !drops.isEmpty else {
            return ClientCheckResult(
                .heartbeatSurvivesDrop,
                passed: false,
                detail: "the client sent \(run.datagrams.count) heartbeat\(run.datagrams.count == 1 ? "" : "s"), "
                    + "too few to reach a dropped reply; " + PrintedLine.summary(run.output)
            )
        }
        let names = drops.map { "heartbeat \($0 + 1)" }.joined(separator: " and ")
        for drop in drops where drop + 1 >= run.datagrams.count {
            if case .ended = run.ending {
                return ClientCheckResult(
                    .heartbeatSurvivesDrop,
                    passed: false,
                    detail: "the grader dropped the reply to heartbeat \(drop + 1) and the client sent nothing more "
                        + "until the grader ended it " + NumberText.duration(run.ending.at - run.datagrams[drop].at)
                        + " later: a recvfrom() without a timeout waits for ever"
                )
            }
            return ClientCheckResult(
                .heartbeatSurvivesDrop,
                passed: false,
                detail: "the grader dropped the reply to heartbeat \(drop + 1) and the client died: "
                    + PrintedLine.summary(run.output) + "; keep recvfrom() inside the try that catches the timeout"
            )
        }
        return ClientCheckResult(
            .heartbeatSurvivesDrop,
            passed: true,
            detail: "the grader dropped the replies to " + names + " and the client kept sending after each"
        )
    }

    /// `heartbeat.exits`: how the client ended.
    static func exits(_ run: ClientRunRecord) -> ClientCheckResult {
        switch run.ending {
        case .ended(let at):
            return ClientCheckResult(
                .heartbeatExits,
                passed: nil,
                detail: "still running when the grader stopped it after " + NumberText.duration(at),
                figures: [("exit_status", .none)]
            )
        case .exited(let status, let at):
            return ClientCheckResult(
                .heartbeatExits,
                passed: nil,
                detail: "exited by itself after " + NumberText.duration(at) + " with status \(status)",
                figures: [("exit_status", .number(Double(status)))]
            )
        case .signalled(let signal, let at):
            return ClientCheckResult(
                .heartbeatExits,
                passed: nil,
                detail: "killed by signal \(signal) after " + NumberText.duration(at),
                figures: [("exit_status", .none)]
            )
        }
    }
}
