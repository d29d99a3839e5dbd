import FoundationEssentials
import ShoutCore

/// What the server screen knows from the start: where students can connect, and when serving began.
public struct ServerScreenInfo: Sendable, Equatable {
    /// The transports served, in the order shown (`udp+tcp`).
    public var transports: [Transport]
    /// The port both transports share.
    public var port: Int
    /// The addresses students can connect to, most useful first (loopback last).
    public var addresses: [String]
    /// When the server started.
    public var startedAt: Date
    /// `--rate-limit`: UDP replies per second per source address, or nil when off.
    public var rateLimit: Int?
    /// `--grade`: each pinging peer's client is judged live, its verdict on its Peers row.
    public var grade: Bool

    public init(
        transports: [Transport],
        port: Int,
        addresses: [String],
        startedAt: Date,
        rateLimit: Int? = nil,
        grade: Bool = false
    ) {
        self.transports = transports
        self.port = port
        self.addresses = addresses
        self.startedAt = startedAt
        self.rateLimit = rateLimit
        self.grade = grade
    }

    /// `udp+tcp`.
    public var transportText: String { transports.map(\.rawValue).joined(separator: "+") }
}
