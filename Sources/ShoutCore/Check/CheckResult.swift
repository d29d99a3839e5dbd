/// What one check found: passed, failed, or nil for a measured fact or a check that was skipped; one sentence; and,
/// for an info check, its figures.
public struct CheckResult: Sendable, Equatable {
    /// A figure an info check measured, as a JSON value.
    public enum Figure: Sendable, Equatable {
        case number(Double)
        case flag(Bool)
        case none
    }

    /// Which check.
    public var id: CheckID
    /// true, false, or nil (info, or skipped).
    public var passed: Bool?
    /// Whether it was skipped (its sentence says why).
    public var skipped: Bool
    /// One sentence: what was sent, what came back, what the textbook expects.
    public var detail: String
    /// The figures of an info check, by their JSON names, in order.
    public var figures: [(name: String, value: Figure)]

    public init(_ id: CheckID, passed: Bool?, detail: String, figures: [(name: String, value: Figure)] = []) {
        self.id = id
        self.passed = id.level == .info ? nil : passed
        self.skipped = false
        self.detail = detail
        self.figures = figures
    }

    /// A check that did not run, and why.
    public static func skipped(_ id: CheckID, because reason: String) -> CheckResult {
        var result = CheckResult(id, passed: nil, detail: "skipped: " + reason)
        result.skipped = true
        return result
    }

    /// Whether it keeps the target from passing: a required check that did not pass (failed or skipped).
    public var failsTarget: Bool { id.level == .required && passed != true }

    public static func == (lhs: CheckResult, rhs: CheckResult) -> Bool {
        lhs.id == rhs.id && lhs.passed == rhs.passed && lhs.skipped == rhs.skipped && lhs.detail == rhs.detail
            && lhs.figures.map(\.name) == rhs.figures.map(\.name)
            && lhs.figures.map(\.value) == rhs.figures.map(\.value)
    }
}
