import FoundationEssentials
import ShoutCore

/// What a pinging peer's Peers row adds after its counts: its Heartbeat figures, and under `--grade` its client's
/// verdict, coloured by where the judgement stands.
extension ServerScreenRenderer {
    /// A pinging peer's Heartbeat figures: `seq 9 · gaps 2 (3, 6) · reordered 1 · one-way 0.2 ms`; the one-way
    /// delay is marked as an estimate (`≈`, two clocks) for a peer on another machine.
    static func heartbeatText(_ beat: Heartbeat, dot: String, ascii: Bool) -> String {
        heartbeatParts(beat, ascii: ascii).joined(separator: dot)
    }

    /// The parts of ``heartbeatText(_:dot:ascii:)``, most useful first.
    static func heartbeatParts(_ beat: Heartbeat, ascii: Bool) -> [String] {
        var parts = ["seq \(beat.lastSeq)", "gaps " + beat.gapsText(ascii: ascii)]
        if beat.reordered > 0 { parts.append("reordered \(beat.reordered)") }
        if beat.duplicates > 0 { parts.append("dup \(beat.duplicates)") }
        if let oneWay = beat.oneWay {
            let figure = NumberText.duration(.microseconds(Int64((abs(oneWay) * 1000).rounded())))
            let sign = oneWay < 0 ? "-" : ""
            parts.append(
                beat.sameMachine
                    ? "one-way \(sign)\(figure)" : "one-way " + (ascii ? "~" : "≈") + sign + figure + " (estimate)"
            )
        }
        return parts
    }

    /// A UDP sender's verdict under `--grade` (`✓ pinger 10/10 · timeout ok`) with its style, or nil for any other
    /// row or a sender not judged.
    static func gradeText(_ row: PeerRow, now: Date, ascii: Bool) -> (text: String, style: CellStyle)? {
        guard case .udp(let sender) = row, let verdict = sender.grade?.verdict(at: now) else { return nil }
        let style: CellStyle =
            switch verdict.status {
            case .pass: CellStyle(role: .good, bold: true)
            case .fail: CellStyle(role: .bad, bold: true)
            case .pending: .role(.muted)
            }
        return (VisibleText.escape(verdict.row(ascii: ascii)), style)
    }
}
