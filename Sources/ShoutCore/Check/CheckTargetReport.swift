/// Everything `shout check` found about one target: what it was called, what it resolved to, per transport either
/// one line saying it could not be reached or the results of its checks.
public struct CheckTargetReport: Sendable, Equatable {
    /// One transport's part of the report.
    public struct Part: Sendable, Equatable {
        /// The transport.
        public var transport: Transport
        /// When the transport could not be reached at all, the sentence that says so (its checks are skipped).
        public var unreachable: String?
        /// The results, in the order the checks ran (skipped ones included).
        public var results: [CheckResult]
        /// Whether the server took the connection and then answered nothing (`unreachable` says so): it is there,
        /// but not reachable is not the word for it.
        public var acceptsButNeverAnswers = false

        public init(transport: Transport, unreachable: String? = nil, results: [CheckResult]) {
            self.transport = transport
            self.unreachable = unreachable
            self.results = results
        }

        /// Why a check did not run when the command was stopped.
        public static let interruptedReason = "the check was interrupted"

        /// A part for a transport whose checks were stopped before they could tell anything (Ctrl-C).
        public static func interrupted(_ transport: Transport) -> Part {
            Part(
                transport: transport,
                results: CheckID.checks(of: transport).map { .skipped($0, because: interruptedReason) }
            )
        }

        /// A part for a transport that could not be reached: every check skipped with `sentence` as the reason.
        public static func unreachable(_ transport: Transport, _ sentence: String) -> Part {
            Part(
                transport: transport,
                unreachable: sentence,
                results: CheckID.checks(of: transport).map { .skipped($0, because: sentence) }
            )
        }

        /// A part for a server that accepted the connection and answered nothing: every check skipped with
        /// `sentence` as the reason.
        public static func silent(_ transport: Transport, _ sentence: String) -> Part {
            var part = unreachable(transport, sentence)
            part.acceptsButNeverAnswers = true
            return part
        }
    }

    /// The target as it was written (`host`, `host:port`, `[v6]:port`).
    public var target: String
    /// What it resolved to (`127.0.0.1:12000`), or nil when the name did not resolve.
    public var address: String?
    /// The transports checked, UDP first.
    public var parts: [Part]

    public init(target: String, address: String?, parts: [Part]) {
        self.target = target
        self.address = address
        self.parts = parts
    }

    /// Every result, UDP's first.
    public var results: [CheckResult] { parts.flatMap(\.results) }

    /// Whether every required check passed (a transport that could not be reached passes none).
    public var passed: Bool { !results.contains { $0.failsTarget } }

    /// The result of one check, if it was part of this run.
    public func result(_ id: CheckID) -> CheckResult? { results.first { $0.id == id } }
}
