/// The reply timeouts the client side takes, as `--timeout SECONDS` and `/timeout SECONDS` alike (client, demo, ping).
public enum ReplyTimeout {
    /// Whether `seconds` is one: above 0, at most an hour.
    public static func accepts(_ seconds: Double) -> Bool {
        seconds.isFinite && seconds > 0 && seconds <= 3600
    }

    /// `seconds` as a duration, to the millisecond (at least one).
    public static func duration(seconds: Double) -> Duration {
        .milliseconds(max(1, Int64((seconds * 1000).rounded())))
    }
}
