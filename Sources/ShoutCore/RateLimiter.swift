/// Replies per second per source address, as token buckets: each address may burst up to `perSecond` and then
/// gets `perSecond` a second. The table of addresses is bounded: past `capacity`, idle addresses are forgotten.
/// `Address` is whatever tells senders apart cheaply (the server keys by the address's bytes, never its text).
public struct RateLimiter<Address: Hashable & Sendable>: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: UInt64
    }

    /// Replies allowed per second per address.
    public let perSecond: Int
    /// Most addresses remembered at once.
    public let capacity: Int
    private var buckets: [Address: Bucket] = [:]

    public init(perSecond: Int, capacity: Int = 10_000) {
        self.perSecond = max(1, perSecond)
        self.capacity = max(1, capacity)
    }

    /// Addresses remembered now.
    public var trackedAddresses: Int { buckets.count }

    /// Whether `address` may have a reply at `nanoseconds` (a monotonic clock); takes a token if so.
    public mutating func allow(_ address: Address, at nanoseconds: UInt64) -> Bool {
        let rate = Double(perSecond)
        var bucket = buckets[address] ?? Bucket(tokens: rate, updatedAt: nanoseconds)
        let elapsed = Double(nanoseconds &- bucket.updatedAt) / 1e9
        bucket.tokens = min(rate, bucket.tokens + elapsed * rate)
        bucket.updatedAt = nanoseconds
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        if buckets[address] == nil && buckets.count >= capacity { forgetIdle(at: nanoseconds) }
        buckets[address] = bucket
        return allowed
    }

    /// Forgets addresses whose bucket has refilled (they are idle); if none has, forgets the oldest half.
    private mutating func forgetIdle(at nanoseconds: UInt64) {
        let refill = UInt64(1e9)
        buckets = buckets.filter { nanoseconds &- $0.value.updatedAt < refill }
        if buckets.count >= capacity {
            let oldest = buckets.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(capacity / 2)
            for (key, _) in oldest { buckets.removeValue(forKey: key) }
        }
    }
}
