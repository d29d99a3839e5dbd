import FoundationEssentials

/// A point in time as the screens and the client session need it, the one clock type they all take: a monotonic
/// instant for round trips and timeouts, the wall-clock time of day (`14:02:11`) shown beside lines, and the date
/// for event records, uptimes and ages.
public struct Moment: Sendable {
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

    /// The moment of `date`, read now on the monotonic clock.
    public init(date: Date) {
        self.init(instant: .now, wallClock: Timestamp.clock(date), date: date)
    }

    /// Now, by the system's clocks.
    public static func now() -> Moment {
        let date = Date()
        return Moment(instant: .now, wallClock: Timestamp.clock(date), date: date)
    }
}
