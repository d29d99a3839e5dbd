import Synchronization

/// The classroom impairments for UDP replies, changeable while the server runs (from keys in the TUI).
public final class Impairments: Sendable {
    /// Percentage of datagrams dropped (0…100).
    public let dropPercent = Atomic<Int>(0)
    /// Delay before each reply, in milliseconds.
    public let delayMilliseconds = Atomic<Int>(0)
    /// Extra random delay up to this many milliseconds, so replies can overtake each other.
    public let jitterMilliseconds = Atomic<Int>(0)

    public init(dropPercent: Int = 0, delayMilliseconds: Int = 0, jitterMilliseconds: Int = 0) {
        self.dropPercent.store(min(100, max(0, dropPercent)), ordering: .relaxed)
        self.delayMilliseconds.store(max(0, delayMilliseconds), ordering: .relaxed)
        self.jitterMilliseconds.store(max(0, jitterMilliseconds), ordering: .relaxed)
    }

    /// The values now, as plain data.
    public var current: (drop: Int, delay: Int, jitter: Int) {
        (
            dropPercent.load(ordering: .relaxed), delayMilliseconds.load(ordering: .relaxed),
            jitterMilliseconds.load(ordering: .relaxed)
        )
    }

    /// Whether the next datagram should be dropped.
    func shouldDrop() -> Bool {
        let percent = dropPercent.load(ordering: .relaxed)
        return percent > 0 && (percent >= 100 || Int.random(in: 0..<100) < percent)
    }

    /// How long the next reply waits, in milliseconds (0: at once).
    func nextDelay() -> Int {
        let delay = delayMilliseconds.load(ordering: .relaxed)
        let jitter = jitterMilliseconds.load(ordering: .relaxed)
        return delay + (jitter > 0 ? Int.random(in: 0...jitter) : 0)
    }
}
