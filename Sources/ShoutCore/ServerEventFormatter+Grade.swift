import FoundationEssentials

extension ServerEventFormatter {
    /// A pinging peer's verdict on its line, as text: `[grade pending: pinger 3/10 · ping 3 dropped on purpose]`.
    static func gradeText(_ verdict: LiveVerdict) -> String {
        "[grade " + verdict.status.rawValue + ": " + VisibleText.escape(verdict.summary) + "]"
    }

    /// Adds a pinging peer's verdict to its JSON line: `grade` (`pending`, `pass`, `fail`) and `grade_detail` (the
    /// sentence).
    static func addGrade(_ verdict: LiveVerdict, to json: inout JSONLine) {
        json.add("grade", verdict.status.rawValue)
        json.add("grade_detail", verdict.detail)
    }

    /// The line that says a pinging peer's judgement is settled, by its datagrams or by its silence:
    /// `graded udp 127.0.0.1:40000 pass: the client sent pings 1 to 10 in order, …`.
    public static func gradedLine(peer: Endpoint, verdict: LiveVerdict, at now: Date, format: Format) -> String {
        switch format {
        case .text:
            return "\(Timestamp.clockMilliseconds(now)) graded udp \(VisibleText.escape(peer.description)) "
                + verdict.status.rawValue + ": " + VisibleText.escape(verdict.summary) + " ("
                + VisibleText.escape(verdict.detail)
                + ")"
        case .json:
            var json = udpPeerJSON("graded", peer: peer, at: now)
            addGrade(verdict, to: &json)
            return json.text
        }
    }
}
