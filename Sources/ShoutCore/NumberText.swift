/// Numbers and durations as short text for screens and logs, without Foundation's formatters.
public enum NumberText {
    /// A duration as `0.4 ms`, `12 ms` or `1.4 s` (a negative one as `0.0 ms`).
    public static func duration(_ duration: Duration) -> String {
        let milliseconds = max(
            0,
            Double(duration.components.seconds) * 1000
                + Double(duration.components.attoseconds) / 1e15
        )
        if milliseconds < 10 { return String(format1: milliseconds) + " ms" }
        if milliseconds < 1000 { return String(Int(milliseconds.rounded())) + " ms" }
        return String(format1: milliseconds / 1000) + " s"
    }

    /// A size in bytes: `512 B`, `9,999 B`, then in decimal units with one decimal, `10.9 KB`, `10.9 MB`, `1.2 GB`.
    public static func bytes(_ value: Int) -> String {
        if value < 10_000 { return grouped(value) + " B" }
        for (unit, size) in [("KB", 1e3), ("MB", 1e6), ("GB", 1e9)] {
            let scaled = Double(value) / size
            if scaled < 999.95 || unit == "GB" { return String(format1: scaled) + " " + unit }
        }
        return grouped(value) + " B"
    }

    /// A payload's exact size: `7 B`, `40,000 B` (the screen's panes and the headless log write sizes alike).
    public static func size(_ bytes: Int) -> String { grouped(bytes) + " B" }

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
