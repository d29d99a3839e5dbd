/// What one client check found: passed, failed, or nil for a fact or a check that was skipped; one sentence; and the
/// figures it measured, as ``CheckResult`` holds them for a server's checks.
public struct ClientCheckResult: Sendable, Equatable {
    /// Which check.
    public var id: ClientCheckID
    /// true, false, or nil (info, or skipped).
    public var passed: Bool?
    /// Whether it was skipped (its sentence says why).
    public var skipped = false
    /// One sentence: what the grader did, what crossed the wire, what the client printed, what the lab expects.
    public var detail: String
    /// Figures by their JSON names, in order.
    public var figures: [(name: String, value: CheckResult.Figure)]

    public init(
        _ id: ClientCheckID,
        passed: Bool?,
        detail: String,
        figures: [(name: String, value: CheckResult.Figure)] = []
    ) {
        self.id = id
        self.passed = id.level == .info ? nil : passed
        self.detail = detail
        self.figures = figures
    }

    /// A check that did not run, and why.
    public static func skipped(_ id: ClientCheckID, because reason: String) -> ClientCheckResult {
        var result = ClientCheckResult(id, passed: nil, detail: "skipped: " + reason)
        result.skipped = true
        return result
    }

    /// Whether it keeps the client from passing: a required check that did not pass (failed or skipped).
    public var failsClient: Bool { id.level == .required && passed != true }

    public static func == (lhs: ClientCheckResult, rhs: ClientCheckResult) -> Bool {
        lhs.id == rhs.id && lhs.passed == rhs.passed && lhs.skipped == rhs.skipped && lhs.detail == rhs.detail
            && lhs.figures.map(\.name) == rhs.figures.map(\.name)
            && lhs.figures.map(\.value) == rhs.figures.map(\.value)
    }
}
