/// A time a client printed, with its unit as written: `0.300 s`, `300.2 ms`, `RTT: 0.3001` (no unit).
public struct PrintedMeasure: Sendable, Equatable {
    /// The unit a printed time was labelled with.
    public enum Unit: Sendable, Equatable {
        case seconds
        case milliseconds
        case microseconds
        /// None: seconds or milliseconds, whichever fits.
        case unlabelled
    }

    /// The number as printed.
    public var value: Double
    /// Its unit.
    public var unit: Unit

    public init(value: Double, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// Its value in milliseconds, reading an unlabelled number as seconds.
    public var milliseconds: Double {
        switch unit {
        case .seconds, .unlabelled: value * 1000
        case .milliseconds: value
        case .microseconds: value / 1000
        }
    }

    /// Whether it reads `expected` milliseconds within `tolerance`, in its own unit (an unlabelled number as
    /// seconds or as milliseconds).
    public func reads(_ expected: Double, within tolerance: Double) -> Bool {
        if abs(milliseconds - expected) <= tolerance { return true }
        return unit == .unlabelled && abs(value - expected) <= tolerance
    }

    /// As printed: `0.300 s`, `300.2 ms`, `0.3001` (no unit).
    public var text: String {
        let number = Self.short(value)
        switch unit {
        case .seconds: return number + " s"
        case .milliseconds: return number + " ms"
        case .microseconds: return number + " µs"
        case .unlabelled: return number + " (no unit)"
        }
    }

    /// The number with up to six decimals below 1 and three above, trailing zeros dropped: `0.000201`, `150311.2`.
    private static func short(_ value: Double) -> String {
        let places = abs(value) < 1 ? 6 : 3
        let scale = places == 6 ? 1e6 : 1e3
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 1e15 else { return "\(value)" }
        let whole = Int(scaled) / Int(scale)
        var fraction = String(Int(scaled) % Int(scale))
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return (value < 0 ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
