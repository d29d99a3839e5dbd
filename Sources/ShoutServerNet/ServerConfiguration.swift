import ShoutCore

/// How `shout server` listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind, or nil for every interface (IPv6 and IPv4 on one dual-stack socket where possible).
    public var host: String?
    /// The port for both transports; 0 picks a free one (the same for UDP and TCP).
    public var port: Int
    /// The transports to serve.
    public var transports: Set<Transport>
    /// Most TCP connections open at once; a peer over the cap is closed at once and counted.
    public var maxConnections: Int
    /// UDP replies per second per source address, or nil for no limit.
    public var rateLimit: Int?
    /// `--grade`: leave one lab ping or heartbeat of each pinging peer unanswered on purpose (see ``GradingDrops``),
    /// so that its client's timeout is judged.
    public var grade: Bool
    /// The default cap on TCP connections: enough for a lecture hall many times over, small enough to keep
    /// memory and file descriptors bounded.
    public static let defaultMaxConnections = 20_000

    public init(
        host: String? = nil,
        port: Int = 12000,
        transports: Set<Transport> = [.udp, .tcp],
        maxConnections: Int = ServerConfiguration.defaultMaxConnections,
        rateLimit: Int? = nil,
        grade: Bool = false
    ) {
        self.host = host
        self.port = port
        self.transports = transports
        self.maxConnections = maxConnections
        self.rateLimit = rateLimit
        self.grade = grade
    }
}
