import ShoutCore

/// What `shout bench` measures and how hard it pushes.
public struct BenchConfiguration: Sendable {
    /// The load patterns.
    public enum Mode: String, Sendable, CaseIterable {
        /// N sockets, each keeping W datagrams in flight.
        case udp
        /// N persistent connections, each keeping W newline-terminated lines in flight.
        case tcp
        /// Connect, one line, the reply, close, repeat (the textbook client's pattern).
        case tcpOneshot = "tcp-oneshot"
        /// Open N connections, answer one line on each, stay idle, answer again at the end.
        case hold
    }

    /// The server to load.
    public var server: Endpoint
    /// The load pattern.
    public var mode: Mode
    /// Sockets or connections at once.
    public var clients: Int
    /// Requests in flight per socket or connection.
    public var window: Int
    /// Bytes per request (at least ``Payload/tagLength``).
    public var size: Int
    /// How long the load runs.
    public var duration: Duration
    /// UDP: how long a datagram may go unanswered before it counts as lost and its slot is reused.
    public var timeout: Duration

    public init(
        server: Endpoint,
        mode: Mode = .udp,
        clients: Int = 8,
        window: Int = 32,
        size: Int = 64,
        duration: Duration = .seconds(5),
        timeout: Duration = .milliseconds(200)
    ) {
        self.server = server
        self.mode = mode
        self.clients = clients
        self.window = window
        self.size = size
        self.duration = duration
        self.timeout = timeout
    }
}
