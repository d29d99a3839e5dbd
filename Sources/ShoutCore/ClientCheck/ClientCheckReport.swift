/// Everything `shout check --client` found about one client program: its command, the lab it does, the results of
/// the lab's checks (or the one sentence saying it sent nothing), and the runs they were judged on.
public struct ClientCheckReport: Sendable, Equatable {
    /// The command as given.
    public var client: String
    /// The lab, told from its first contact or named; nil when it sent nothing and none was named.
    public var lab: ClientLab?
    /// How the lab was known: told from the first contact, or named with `--lab`.
    public var labNamed: Bool
    /// When the client sent nothing the grader could see, the sentence that says so (its checks are skipped).
    public var silent: String?
    /// The results, in the lab's order.
    public var results: [ClientCheckResult]
    /// The scripted runs, in order.
    public var runs: [ClientRunRecord]

    public init(
        client: String,
        lab: ClientLab?,
        labNamed: Bool = false,
        silent: String? = nil,
        results: [ClientCheckResult],
        runs: [ClientRunRecord]
    ) {
        self.client = client
        self.lab = lab
        self.labNamed = labNamed
        self.silent = silent
        self.results = results
        self.runs = runs
    }

    /// Whether every required check passed (a client that sent nothing passes none).
    public var passed: Bool { silent == nil && !results.isEmpty && !results.contains { $0.failsClient } }

    /// The result of one check, if it was part of this report.
    public func result(_ id: ClientCheckID) -> ClientCheckResult? { results.first { $0.id == id } }
}
