/// What `shout server --grade` says of a pinging peer so far: pending until there is enough to judge, then pass or
/// fail, with a short phrase for its Peers row and a sentence for its log lines (`grade`, `grade_detail`).
public struct LiveVerdict: Sendable, Equatable {
    /// Where the judgement stands.
    public enum Status: String, Sendable, Equatable {
        case pending
        case pass
        case fail
    }

    /// Where the judgement stands.
    public var status: Status
    /// The phrase after the glyph on the Peers row: `pinger 10/10 · timeout ok`, `pinger: ping 4 came at once after
    /// ping 3 was dropped: no timeout`.
    public var summary: String
    /// The sentence for the log: what the server did, what came, what the lab expects.
    public var detail: String

    public init(_ status: Status, summary: String, detail: String) {
        self.status = status
        self.summary = summary
        self.detail = detail
    }

    /// Whether the judgement is made (pass or fail).
    public var isFinal: Bool { status != .pending }

    /// The glyph before the summary: `✓`, `✗`, `…` (`ok`, `FAIL`, `..` in ASCII).
    public func glyph(ascii: Bool) -> String {
        switch status {
        case .pass: ascii ? "ok" : "✓"
        case .fail: ascii ? "FAIL" : "✗"
        case .pending: ascii ? ".." : "…"
        }
    }

    /// The Peers row's text: the glyph, then the summary.
    public func row(ascii: Bool) -> String { glyph(ascii: ascii) + " " + summary }
}
