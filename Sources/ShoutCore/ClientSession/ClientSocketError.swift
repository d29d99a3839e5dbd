/// Why a client socket failed, as a value: the kind, which the session and its views act on, and one sentence for
/// the user, which they only show (nothing works the reason back out of the text).
public struct ClientSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The server's machine refused the TCP connection: nothing listens on that port.
        case refused
        /// The OS reported ICMP port unreachable for a UDP datagram: nothing listens on that port.
        case portUnreachable
        /// The connection was reset or lost.
        case reset
        /// The name does not resolve.
        case hostNotFound
        /// Connecting took too long.
        case timedOut
        /// The network said the server's host or network cannot be reached (ICMP, or no answer to ARP).
        case hostUnreachable
        /// One datagram the kernel would not send (a local firewall, no route, a full queue); the socket goes on.
        case notSent
        /// A reply line longer than the client keeps.
        case lineTooLong
        /// Anything else.
        case other
    }

    /// What went wrong.
    public let kind: Kind
    /// The sentence shown to the user.
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// A word or two for a status bar: `refused`, `host not found`, …
    public var shortState: String {
        switch kind {
        case .refused: "refused"
        case .hostNotFound: "host not found"
        case .portUnreachable, .hostUnreachable: "unreachable"
        case .timedOut: "timed out"
        case .reset: "connection lost"
        case .lineTooLong, .notSent, .other: "error"
        }
    }

    /// ICMP port unreachable for the client's UDP socket.
    public static let udpPortUnreachable = ClientSocketError(
        .portUnreachable,
        "port unreachable: nothing listens on that UDP port (the OS reported it at once)"
    )
}
