/// Durations as people read them in the client screen: `0.4 ms`, `12 ms`, `1.0 s`.
public enum DurationText {
    /// `0.4 ms` below 10 ms, whole milliseconds below a second, tenths of seconds above.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15
        if milliseconds < 10 { return oneDecimal(max(0, milliseconds)) + " ms" }
        if milliseconds < 1000 { return String(Int(milliseconds.rounded())) + " ms" }
        return oneDecimal(milliseconds / 1000) + " s"
    }

    /// Seconds with one decimal: `1.0`, `0.5`, `12.3`.
    public static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return oneDecimal(seconds)
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return String(tenths / 10) + "." + String(tenths % 10)
    }
}
