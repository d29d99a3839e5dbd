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

    public init(transports: [Transport], port: Int, addresses: [String], startedAt: Date, rateLimit: Int? = nil) {
        self.transports = transports
        self.port = port
        self.addresses = addresses
        self.startedAt = startedAt
        self.rateLimit = rateLimit
    }

    /// `udp+tcp`.
    public var transportText: String { transports.map(\.rawValue).joined(separator: "+") }
}

/// The classroom impairments as the header shows them.
public struct ImpairmentSettings: Sendable, Equatable {
    /// Percentage of UDP datagrams dropped.
    public var drop: Int
    /// Delay before each UDP reply, in milliseconds.
    public var delay: Int
    /// Extra random delay, in milliseconds.
    public var jitter: Int

    public init(drop: Int = 0, delay: Int = 0, jitter: Int = 0) {
        self.drop = drop
        self.delay = delay
        self.jitter = jitter
    }

    /// Whether any impairment is on.
    public var isActive: Bool { drop > 0 || delay > 0 || jitter > 0 }

    /// `drop 10% · delay 200 ms · jitter 50 ms`, naming only those that are on; empty when none is.
    public func text(separator: String = " · ") -> String {
        var parts: [String] = []
        if drop > 0 { parts.append("drop \(drop)%") }
        if delay > 0 { parts.append("delay \(delay) ms") }
        if jitter > 0 { parts.append("jitter \(jitter) ms") }
        return parts.joined(separator: separator)
    }
}
