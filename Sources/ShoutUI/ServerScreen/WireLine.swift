import FoundationEssentials
import ShoutCore

/// One line of the Wire pane: a packet of the server's port in words (``WireFormatter/words(_:)``), or a note.
///
/// The words are made once, when the record arrives (at most the capture's budget a second), and drawn as they are.
public struct WireLine: Sendable, Equatable {
    /// How a line is drawn.
    public enum Kind: Sendable, Equatable {
        /// A TCP segment or UDP datagram.
        case packet
        /// A segment sent again, or an ICMP error: what a student should notice.
        case notable
        /// A note from the screen (packets it left out).
        case note
    }

    /// When the kernel took the packet.
    public var time: Date
    public var kind: Kind
    /// The packet in words: `tcp 127.0.0.1:41881 → :12000 SYN seq 0 win 65495`.
    public var text: String
    /// The same for a narrow pane: `tcp :41881 → SYN seq 0`.
    public var compactText: String

    public init(time: Date, kind: Kind, text: String, compactText: String? = nil) {
        self.time = time
        self.kind = kind
        self.text = text
        self.compactText = compactText ?? text
    }

    /// The line of one record.
    public init(_ record: WireRecord) {
        var kind = Kind.packet
        switch record.content {
        case .tcp(let segment): if segment.isRetransmission || segment.flags.contains(.rst) { kind = .notable }
        case .icmp: kind = .notable
        case .udp: break
        }
        self.init(
            time: record.time,
            kind: kind,
            text: WireFormatter.words(record),
            compactText: WireFormatter.words(record, compact: true)
        )
    }

    /// Whether the line passes `filter` (lower-cased, not empty): its words contain it (a peer's port picks out
    /// one connection).
    public func matches(filter: String) -> Bool {
        text.lowercased().containsLiterally(filter)
    }
}
