/// The classroom impairments of UDP replies (`--drop`, `--delay`, `--jitter`, and the server screen's keys): one
/// plain value, which the screen shows and changes and the server's UDP loop reads once a batch.
public struct Impairments: Sendable, Equatable {
    /// Percentage of UDP datagrams dropped (0…100).
    public var drop: Int
    /// Delay before each UDP reply, in milliseconds (0…60,000).
    public var delay: Int
    /// Extra random delay up to this many milliseconds (0…60,000), so replies can overtake each other.
    public var jitter: Int

    /// The most `delay` and `jitter` can be, in milliseconds.
    public static let maximumMilliseconds = 60_000

    /// Impairments with each value brought into its range.
    public init(drop: Int = 0, delay: Int = 0, jitter: Int = 0) {
        self.drop = min(100, max(0, drop))
        self.delay = min(Self.maximumMilliseconds, max(0, delay))
        self.jitter = min(Self.maximumMilliseconds, max(0, jitter))
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

    /// Whether the next datagram is dropped, drawing from `random` only when the answer is not certain.
    @inlinable
    public func drops(using random: inout some RandomNumberGenerator) -> Bool {
        drop > 0 && (drop >= 100 || Int.random(in: 0..<100, using: &random) < drop)
    }

    /// How long the next reply waits, in milliseconds, drawing from `random` only when jitter is on.
    @inlinable
    public func replyDelay(using random: inout some RandomNumberGenerator) -> Int {
        delay + (jitter > 0 ? Int.random(in: 0...jitter, using: &random) : 0)
    }
}
