/// Numbers and durations as short text for screens and logs, without Foundation's formatters.
public enum NumberText {
    /// A duration as `0.4 ms`, `12 ms` or `1.4 s` (a negative one as `0.0 ms`).
    public static func duration(_ duration: Duration) -> String {
        let milliseconds = max(0, Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15)
        if milliseconds < 10 { return String(format1: milliseconds) + " ms" }
        if milliseconds < 1000 { return String(Int(milliseconds.rounded())) + " ms" }
        return String(format1: milliseconds / 1000) + " s"
    }

    /// An integer with thousands separators: `1,204`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}

extension String {
    /// A number with one decimal: `0.4`, `12.0`.
    public init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = (tenths < 0 ? "-" : "") + String(abs(tenths) / 10) + "." + String(abs(tenths) % 10)
    }
}
