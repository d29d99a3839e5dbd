import FoundationEssentials

/// One packet of the server's port as the log and the Wire pane show it: which way it went, with whom, and for TCP
/// the numbers relative to the connection's start (as Wireshark shows them) and whether it is a retransmission.
public struct WireRecord: Sendable, Equatable {
    /// Which way a packet went, seen from the server.
    public enum Direction: String, Sendable {
        /// From the peer to the server (`→ :12000`).
        case incoming = "in"
        /// From the server's host to the peer (`← :12000`).
        case outgoing = "out"
    }

    /// What the packet carried.
    public enum Content: Sendable, Equatable {
        case tcp(TCPSegment)
        case udp(Payload)
        case icmp(WireICMP)
    }

    /// A TCP segment with its numbers relative to the connection's first.
    public struct TCPSegment: Sendable, Equatable {
        public var flags: TCPFlags
        /// The sequence number from 0 at this side's SYN.
        public var sequence: UInt32
        /// The acknowledgement number from 0 at the other side's SYN; nil without the ACK flag.
        public var acknowledgement: UInt32?
        /// The window in bytes: as sent, times the scale both SYNs agreed (as Wireshark calculates it; a SYN's
        /// own and those of a connection whose SYNs were not seen are as sent).
        public var window: Int
        public var payload: Payload
        /// Whether this sequence range was sent before: the segment is sent again.
        public var isRetransmission: Bool

        public init(
            flags: TCPFlags,
            sequence: UInt32,
            acknowledgement: UInt32?,
            window: Int,
            payload: Payload,
            isRetransmission: Bool
        ) {
            self.flags = flags
            self.sequence = sequence
            self.acknowledgement = acknowledgement
            self.window = window
            self.payload = payload
            self.isRetransmission = isRetransmission
        }
    }

    /// When the capture read it.
    public var time: Date
    public var direction: Direction
    /// The far end: a TCP or UDP peer, or for ICMP the host that sent or gets the error (port 0).
    public var peer: Endpoint
    /// The server's end (for ICMP, its host, port 0).
    public var local: Endpoint
    public var content: Content

    public init(time: Date, direction: Direction, peer: Endpoint, local: Endpoint, content: Content) {
        self.time = time
        self.direction = direction
        self.peer = peer
        self.local = local
        self.content = content
    }
}
