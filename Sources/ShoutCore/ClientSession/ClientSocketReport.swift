/// What a socket opened for a client session reports back, tagged with the socket's number by the host.
public enum ClientSocketReport: Sendable {
    /// Something the socket saw (ready, a reply, a close, a problem).
    case event(ClientNetEvent)
    /// The socket could not be opened (host not found, refused, …).
    case openFailed(ClientSocketError)
    /// Bytes could not be sent: the socket's `number`-th send when the socket knows which (nil when the socket was
    /// gone before it could try).
    case sendFailed(ClientSocketError, number: Int?)
    /// What the kernel says of a TCP connection (`TCP_INFO`), asked for by an `.inspect` effect.
    case connectionInfo(TCPConnectionInfo)
    /// The socket's `number`-th send (from 1, in the order of the `.send` effects for it) was handed to the socket
    /// at `at`: the request's round trip starts then, not when the session asked for the send.
    case sent(number: Int, at: ContinuousClock.Instant)
}
