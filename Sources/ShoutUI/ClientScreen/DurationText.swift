import ShoutCore

/// Durations as people read them in the client screen: `0.4 ms`, `12 ms`, `1.0 s`.
public enum DurationText {
    /// `0.4 ms` below 10 ms, whole milliseconds below a second, tenths of seconds above.
    public static func format(_ duration: Duration) -> String {
        NumberText.duration(duration)
    }

    /// Seconds with one decimal: `1.0`, `0.5`, `12.3`.
    public static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format1: seconds)
    }
}
