import FoundationEssentials

/// Something the server saw or did, reported by the network core to whoever watches (headless log or TUI).
public struct ServerEvent: Sendable {
    /// What happened.
    public enum Kind: Sendable {
        /// A socket is bound and serving.
        case listening(Transport, Endpoint)
        /// A TCP peer connected (a new connection socket).
        case connected(connection: Int, peer: Endpoint, local: Endpoint)
        /// Bytes arrived and are answered: one datagram, or one TCP read.
        case received(Transport, peer: Endpoint, payload: Payload)
        /// A reply went out.
        case replied(Transport, peer: Endpoint, payload: Payload)
        /// A datagram arrived and was not answered on purpose, and why: one event, never a `received` as well.
        case dropped(Transport, peer: Endpoint, payload: Payload, reason: DropReason)
        /// A TCP peer went away; `reason` is nil for an orderly close.
        case closed(connection: Int, peer: Endpoint, reason: String?)
        /// Something went wrong that did not stop the server.
        case problem(String)
    }

    /// Why a datagram got no reply.
    public enum DropReason: String, Sendable {
        /// The classroom impairment `--drop` chose it.
        case impairment = "dropped"
        /// Over `--rate-limit` for its source address.
        case rateLimited = "rate-limited"
        /// From a port below 1024 or the server's own port: answering could start a loop between two servers.
        case refused = "refused"
        /// Its reply would wait (`--delay`, `--jitter`), but the replies waiting already fill the room the server
        /// keeps for them (32 MiB): a flood under a long delay cannot take the server's memory.
        case heldFull = "held-full"
        /// `--grade` left a pinging peer's datagram unanswered so that its client's timeout shows (the third of
        /// each such peer, unless an earlier one got no reply already).
        case graded = "grade-drop"

        /// Whether it stands for a datagram the network lost (`--drop`, `--grade`): a lab ping so dropped is a
        /// Heartbeat gap; one refused, rate-limited or without room is the server's own doing.
        public var standsForLoss: Bool { self == .impairment || self == .graded }
    }

    /// When it happened.
    public var time: Date
    /// What happened.
    public var kind: Kind
    /// The TCP connection it is about (connected, received, replied, closed), with its exact counts; nil for UDP.
    public var connection: ConnectionTally?

    public init(time: Date = Date(), _ kind: Kind, connection: ConnectionTally? = nil) {
        self.time = time
        self.kind = kind
        self.connection = connection
    }
}

/// A payload as events carry it: its full size, and its first bytes for display.
public struct Payload: Sendable, Equatable {
    /// How many bytes shown events keep of each payload; the size always counts all of them.
    public static let previewLimit = 1024

    /// The full size in bytes.
    public var size: Int
    /// The first bytes (at most ``previewLimit``).
    public var preview: [UInt8]

    public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        size = bytes.count
        preview = Array(bytes.prefix(Self.previewLimit))
    }

    /// Whether the preview holds less than the whole payload.
    public var isCut: Bool { preview.count < size }
}
