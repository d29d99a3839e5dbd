import ShoutCore

/// `shout check --client`: grades client programs one after another against the lab sockets it holds, each in the
/// runs of its lab, and reports each as a ``ClientCheckReport``.
public final class ClientChecker {
    private let sockets: LabSockets
    private let script: ClientLabScript

    /// The port the grader listens on.
    public var port: Int { sockets.port }

    /// Takes `port` (0: one the kernel picks) on 127.0.0.1 and ::1, UDP and TCP; `unit` is `--timeout`.
    public init(port: Int, unit: Duration) throws(ClientCheckError) {
        sockets = try LabSockets.open(port: port)
        script = ClientLabScript(unit: unit)
    }

    /// The command with `{host}` and `{port}` replaced by the grader's address and port.
    public func commandLine(_ command: String) -> String {
        command.replacing("{host}", with: "127.0.0.1").replacing("{port}", with: String(port))
    }

    /// Grades one client: tells its lab from its first run (unless `lab` names it), then runs the lab's other
    /// scenarios and judges them.
    ///
    /// `progress` hears of each run before it starts: its number (from 1), how many the lab has (nil while the first
    /// run tells the lab), and its scenario (nil for the first run in auto mode).
    public func grade(
        _ command: String,
        lab named: ClientLab?,
        progress: (_ run: Int, _ of: Int?, _ scenario: ClientScenario?) -> Void = { _, _, _ in }
    ) async throws(ClientCheckError) -> ClientCheckReport {
        let line = commandLine(command)
        let run = ClientRun(sockets: sockets, script: script)
        progress(1, named.map { ClientScenario.runs(of: $0).count }, named.map { ClientScenario.runs(of: $0)[0] })
        let (first, found) = try await run.run(line, scenario: nil, lab: named)
        guard let lab = found, first.sentAnything else {
            let sentence = ClientCheckVerdict.silent(port: port, run: first)
            let skipped = named.map { lab in
                ClientCheckID.checks(of: lab).map { ClientCheckResult.skipped($0, because: "it sent nothing") }
            }
            return ClientCheckReport(
                client: command,
                lab: named,
                labNamed: named != nil,
                silent: sentence,
                results: skipped ?? [],
                runs: [first]
            )
        }
        var runs = [first]
        let scenarios = ClientScenario.runs(of: lab)
        for (index, scenario) in scenarios.enumerated().dropFirst() {
            if Task.isCancelled { break }
            progress(index + 1, scenarios.count, scenario)
            runs.append(try await run.run(line, scenario: scenario, lab: lab).record)
        }
        return ClientCheckReport(
            client: command,
            lab: lab,
            labNamed: named != nil,
            results: ClientCheckVerdict.results(lab, runs: runs, unit: script.unit),
            runs: runs
        )
    }
}
