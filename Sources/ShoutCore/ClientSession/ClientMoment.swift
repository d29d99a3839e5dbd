import Foundation

/// A point in time as the client needs it: a monotonic instant for round trips and timeouts, the wall-clock time of
/// day (`14:02:11`) shown beside transcript lines, and the date for event records.
public struct ClientMoment: Sendable {
    /// For round-trip times and deadlines.
    public var instant: ContinuousClock.Instant
    /// Local time of day, `HH:MM:SS`.
    public var wallClock: String
    /// The date, for the time of event records (`--transcript`, `/save FILE.jsonl`).
    public var date: Date

    public init(instant: ContinuousClock.Instant, wallClock: String, date: Date = Date()) {
        self.instant = instant
        self.wallClock = wallClock
        self.date = date
    }

    /// Now, by the system's clocks.
    public static func now() -> ClientMoment {
        let date = Date()
        return ClientMoment(instant: .now, wallClock: Timestamp.clock(date), date: date)
    }
}
