import ShoutCore

extension Impairments {
    /// The drop percentages `d` steps through.
    public static let dropSteps = [0, 10, 50, 100]
    /// The delays `l` steps through, in milliseconds.
    public static let delaySteps = [0, 100, 500]
    /// The jitter `j` turns on, in milliseconds: more than the time between two typed lines' replies is likely to
    /// differ by, so replies overtake each other.
    public static let jitterOn = 300

    /// The next drop percentage (`d`): 0 → 10 → 50 → 100 → 0; a value set on the command line moves to the next
    /// step above it.
    public func cyclingDrop() -> Impairments {
        var next = self
        next.drop = Self.step(after: drop, in: Self.dropSteps)
        return next
    }

    /// The next delay (`l`): 0 → 100 → 500 → 0 ms.
    public func cyclingDelay() -> Impairments {
        var next = self
        next.delay = Self.step(after: delay, in: Self.delaySteps)
        return next
    }

    /// Jitter off if it is on (whatever its value), else ``jitterOn`` (`j`).
    public func togglingJitter() -> Impairments {
        var next = self
        next.jitter = jitter > 0 ? 0 : Self.jitterOn
        return next
    }

    /// The first step above `value`, or the first step when none is.
    private static func step(after value: Int, in steps: [Int]) -> Int {
        steps.first { $0 > value } ?? steps.first ?? 0
    }
}
