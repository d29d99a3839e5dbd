import Histogram

/// What one socket or connection of a benchmark counted; tallies from many are added up at the end.
public struct BenchTally: Sendable {
    /// Requests sent.
    public var sent = 0
    /// Correct replies in time.
    public var replies = 0
    /// UDP requests with no reply within the timeout.
    public var lost = 0
    /// Correct replies that came after their request was counted lost.
    public var late = 0
    /// Replies that were not the upper-cased request (or answered nothing sent).
    public var bad = 0
    /// TCP connections that could not be made or broke.
    public var failedConnections = 0
    /// Round-trip times of correct replies, in microseconds.
    public var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    /// Records a correct reply after `nanoseconds`.
    mutating func recordReply(nanoseconds: UInt64) {
        replies += 1
        _ = latencies.record(max(1, nanoseconds / 1000))
    }

    /// Adds another tally to this one.
    public mutating func add(_ other: BenchTally) {
        sent += other.sent
        replies += other.replies
        lost += other.lost
        late += other.late
        bad += other.bad
        failedConnections += other.failedConnections
        latencies.add(other.latencies)
    }
}
