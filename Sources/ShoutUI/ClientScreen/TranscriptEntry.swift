import FoundationEssentials
import ShoutCore

/// One line of the client's transcript: something sent, a reply, a loss, or a note about the connection.
///
/// `text` is always safe to show: bytes from the server are passed through `VisibleText.escape` before they
/// become an entry.
public struct TranscriptEntry: Sendable, Equatable {
    /// What kind of line this is; it decides the marker and the colour.
    public enum Kind: Sendable, Equatable {
        /// A line sent (→).
        case sent
        /// A reply received in time (←).
        case reply
        /// A reply worth a second look (←): late, duplicate, not the expected text, or answering nothing.
        case oddReply
        /// A request lost, or an error (✗).
        case problem
        /// A note: connected, switched, closed, help (·).
        case note
        /// A divider the user put in with `/mark` (`── mark 2: TEXT ──`); `text` is `mark 2: TEXT`.
        case mark
        /// A packet of the client's own on the wire, with `--wire` (≈): `tcp :41881 → SYN seq 0`.
        case segment
    }

    /// Local time of day, `HH:MM:SS`.
    public var time: String
    /// The kind of line.
    public var kind: Kind
    /// What the line says (already escaped).
    public var text: String
    /// The transport it concerns, shown in the right column; nil for notes about neither.
    public var transport: Transport?
    /// The round-trip time of a reply.
    public var rtt: Duration?
    /// When it happened, to the nanosecond, where the screen knows: a packet on the wire (the kernel's time) goes
    /// among the lines by it.
    public var date: Date?

    public init(
        time: String,
        kind: Kind,
        text: String,
        transport: Transport? = nil,
        rtt: Duration? = nil,
        date: Date? = nil
    ) {
        self.time = time
        self.kind = kind
        self.text = text
        self.transport = transport
        self.rtt = rtt
        self.date = date
    }

    /// The marker before the text: `→`, `←`, `✗`, `·`, `──` or `≈` (`>`, `<`, `x`, `-`, `--`, `~` in ASCII).
    public func marker(ascii: Bool) -> String {
        switch kind {
        case .sent: ascii ? ">" : "→"
        case .reply, .oddReply: ascii ? "<" : "←"
        case .problem: ascii ? "x" : "✗"
        case .note: ascii ? "-" : "·"
        case .mark: ascii ? "--" : "──"
        case .segment: ascii ? "~" : "≈"
        }
    }

    /// The right column: `udp  0.3 ms`, or `udp`, or nothing.
    public var detail: String {
        guard let transport else { return "" }
        guard let rtt else { return transport.rawValue }
        return transport.rawValue + "  " + DurationText.format(rtt)
    }

    /// The entry as one line of plain text, for `/save`.
    public var plainText: String {
        var line = time + "  " + marker(ascii: false) + " " + text
        if kind == .mark { line += " ──" }
        if !detail.isEmpty { line += "  [" + detail + "]" }
        return line
    }
}
