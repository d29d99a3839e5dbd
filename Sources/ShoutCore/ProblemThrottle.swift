/// Keeps a server's `problem` lines bounded under a flood: at most one line a second for each kind of problem, the
/// next one saying how many of that kind went unlisted meanwhile. A firewall that refuses every reply to a flooding
/// peer makes one line a second, not one per datagram. Pure: the caller passes the clock reading in.
public struct ProblemThrottle<Kind: Hashable & Sendable>: Sendable {
    private var lastListed: [Kind: UInt64] = [:]
    private var unlisted: [Kind: Int] = [:]
    /// The least time between two lines of one kind, in nanoseconds.
    public let interval: UInt64

    public init(intervalNanoseconds: UInt64 = 1_000_000_000) {
        interval = intervalNanoseconds
    }

    /// Whether a problem of `kind` at `now` (nanoseconds) gets a line; if so, how many of its kind went unlisted
    /// since the last line (to say in this one). Nil when it is only counted.
    public mutating func admit(_ kind: Kind, at now: UInt64) -> Int? {
        if let last = lastListed[kind], now &- last < interval {
            unlisted[kind, default: 0] += 1
            return nil
        }
        if lastListed.count > 64 { lastListed.removeAll() }
        lastListed[kind] = now
        return unlisted.removeValue(forKey: kind) ?? 0
    }
}
