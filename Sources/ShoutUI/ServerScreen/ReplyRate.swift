import FoundationEssentials

/// Replies per second over the last few seconds, from samples of the exact reply counter.
///
/// Counting from the counter (not from events) keeps the rate right when the screen drops events under a flood.
public struct ReplyRate: Sendable {
    /// How far back the rate looks, in seconds.
    public let window: TimeInterval
    // At most about ten samples a second over the window: a few dozen.
    private var samples: [(time: Date, replied: Int)] = []

    /// A rate with no samples yet.
    public init(window: TimeInterval = 3) {
        self.window = max(1, window)
    }

    /// Records the counter's value at `time`.
    public mutating func record(replied: Int, at time: Date) {
        if let last = samples.last, time.timeIntervalSince(last.time) < 0.1 { return }
        samples.append((time, replied))
        // Keep one sample at or before the window's start, so the span covers the whole window.
        while samples.count > 2, time.timeIntervalSince(samples[1].time) >= window { samples.removeFirst() }
    }

    /// Replies per second, rounded down; 0 before there are two samples.
    public func perSecond(at now: Date) -> Int {
        guard let first = samples.first, let last = samples.last, samples.count >= 2 else { return 0 }
        let span = max(1, min(window, now.timeIntervalSince(first.time)))
        return max(0, Int(Double(last.replied - first.replied) / span))
    }
}
