/// The exercise a client program does: the textbook UDP or TCP client, the UDP Pinger lab's client, or its
/// Heartbeat client. Told from the first thing the client does, unless named.
public enum ClientLab: String, Sendable, Hashable, CaseIterable {
    case udp
    case tcp
    case pinger
    case heartbeat

    /// The first thing a client did on the wire.
    public enum FirstContact: Sendable, Equatable {
        /// It opened a TCP connection.
        case connection
        /// It sent a datagram with these bytes.
        case datagram([UInt8])
    }

    /// The lab that a client's first contact says it does: a connection is the TCP client, `Ping <seq> <time>` the
    /// Pinger client, `Heartbeat <seq> <time>` the Heartbeat client, any other datagram the UDP client.
    public static func detect(_ contact: FirstContact) -> ClientLab {
        switch contact {
        case .connection: return .tcp
        case .datagram(let bytes):
            switch HeartbeatPayload.parse(bytes)?.kind {
            case .ping?: return .pinger
            case .heartbeat?: return .heartbeat
            case nil: return .udp
            }
        }
    }

    /// How a sentence names it: `the UDP client`.
    public var title: String {
        switch self {
        case .udp: "the UDP client"
        case .tcp: "the TCP client"
        case .pinger: "the Pinger client"
        case .heartbeat: "the Heartbeat client"
        }
    }
}
