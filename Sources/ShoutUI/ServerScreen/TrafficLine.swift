import FoundationEssentials
import ShoutCore

/// One line of the Received or Replies-sent pane: a datagram or TCP read that came in, a reply that went out, or a
/// note from the screen itself (events it could not keep up with, a problem the server reported).
///
/// Payload bytes are kept raw (at most ``storedBytes`` of them) and escaped only when a line is drawn, so a flood
/// costs a copy per event, never an escape per event, and a full pane stays small.
public struct TrafficLine: Sendable, Equatable {
    /// How many payload bytes a line keeps: more than any pane can show, as text or as hex.
    public static let storedBytes = 256

    /// What the line reports.
    public enum Kind: Sendable, Equatable {
        /// Bytes that arrived (and were answered, or are about to be).
        case received
        /// Bytes that arrived and got no reply on purpose.
        case dropped(ServerEvent.DropReason)
        /// A reply that went out.
        case replied
        /// A note from the screen or the server, not traffic.
        case note(String)
        /// A divider the teacher put in (`m`): its number and label.
        case mark(Int, String)
    }

    /// When it happened.
    public var time: Date
    /// What it reports.
    public var kind: Kind
    /// The transport (meaningless for notes).
    public var transport: Transport
    /// The peer (meaningless for notes).
    public var peer: Endpoint
    /// The payload's full size in bytes.
    public var size: Int
    /// The payload's first bytes.
    public var bytes: [UInt8]

    /// A traffic line; the payload is cut to ``storedBytes``.
    public init(time: Date, kind: Kind, transport: Transport, peer: Endpoint, payload: Payload) {
        self.time = time
        self.kind = kind
        self.transport = transport
        self.peer = peer
        size = payload.size
        bytes = Array(payload.preview.prefix(Self.storedBytes))
    }

    /// A note line.
    public static func note(_ text: String, time: Date) -> TrafficLine {
        TrafficLine(
            time: time,
            kind: .note(text),
            transport: .udp,
            peer: Endpoint(host: "", port: 0),
            payload: Payload([UInt8]())
        )
    }

    /// A mark line: `── mark 2: now over TCP ──` across the pane.
    public static func mark(_ number: Int, label: String, time: Date) -> TrafficLine {
        TrafficLine(
            time: time,
            kind: .mark(number, label),
            transport: .udp,
            peer: Endpoint(host: "", port: 0),
            payload: Payload([UInt8]())
        )
    }

    /// Whether the line is a mark (marks are never hidden by a filter).
    public var isMark: Bool {
        if case .mark = kind { return true }
        return false
    }

    /// Whether the line passes `filter` (lower-cased, not empty): its text, its peer or its transport contains it.
    /// Marks always pass.
    public func matches(filter: String) -> Bool {
        switch kind {
        case .mark: return true
        case .note(let text): return text.lowercased().containsLiterally(filter)
        case .received, .replied, .dropped:
            return VisibleText.escape(bytes).lowercased().containsLiterally(filter)
                || peer.description.lowercased().containsLiterally(filter) || transport.rawValue == filter
        }
    }

    /// Whether the payload holds more than the kept bytes.
    public var isCut: Bool { bytes.count < size }

    /// The payload as a person reads it: escaped text (controls as `\x1b`, bad UTF-8 as `�`) or hex bytes.
    public func payloadText(hex: Bool) -> String {
        hex ? VisibleText.hex(bytes) : VisibleText.escape(bytes)
    }
}
