/// What a client socket reports, in the order it happened.
public enum ClientNetEvent: Sendable {
    /// The socket is ready: for TCP a connection with its handshake time, for UDP a local port (no connection).
    case ready(Transport, remote: Endpoint, local: Endpoint, setup: Duration?)
    /// A reply: one datagram, or one TCP line (without its newline) or what was left when the server closed.
    case received(Transport, [UInt8], at: ContinuousClock.Instant)
    /// The server closed the TCP connection; `reason` is nil for an orderly close.
    case closed(Transport, reason: ClientSocketError?)
    /// Something went wrong that the user should see (port unreachable, a line too long, …).
    case problem(Transport, ClientSocketError)
}
