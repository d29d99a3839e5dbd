import ArgumentParser
import ServiceLifecycle
import ShoutClientCheck
import ShoutCore

#if canImport(Glibc)
import Glibc
#endif

/// `shout check --client`: parse, wire, print; ShoutClientCheck runs the clients and ShoutCore judges them.
extension CheckCommand {
    /// Whether client programs are graded rather than servers.
    var gradesClients: Bool { !clients.isEmpty || clientsFile != nil }

    /// The lab named with `--lab`, nil for `auto`.
    var namedLab: ClientLab? { ClientLab(rawValue: lab) }

    func validateClients() throws {
        guard targets.isEmpty else {
            throw ValidationError("Grade servers or client programs, not both: drop the targets or --client.")
        }
        guard lab == "auto" || namedLab != nil else {
            throw ValidationError("--lab must be auto, udp, tcp, pinger or heartbeat.")
        }
        guard timeout > 0, timeout <= 60 else {
            throw ValidationError("--timeout must be more than 0 and at most 60 seconds.")
        }
        guard !udp && !tcp else { throw ValidationError("--udp and --tcp are for servers; use --lab for clients.") }
        _ = try allClients()
    }

    func runClients() async throws {
        let colour = StandardStreams.outputIsTerminal && getenv("NO_COLOR") == nil
        let columns = json ? nil : StandardStreams.outputColumns
        let commands = try allClients()
        let checker: ClientChecker
        do {
            checker = try ClientChecker(port: port, unit: .milliseconds(Int64(timeout * 1000)))
        } catch {
            StandardStreams.writeError(error.description)
            throw ExitCode(1)
        }
        let named = namedLab
        // While a client runs (seconds, for a lost reply), a line on a terminal says which and what run.
        let status = StatusLine(shown: !json && isatty(STDERR_FILENO) == 1 && StandardStreams.outputIsTerminal)
        // A graceful shutdown (Ctrl-C, SIGTERM, SIGHUP) cancels the grading: the client running is ended.
        let grading = Task { () -> [ClientCheckReport] in
            var reports: [ClientCheckReport] = []
            for command in commands where !Task.isCancelled {
                let report: ClientCheckReport
                do {
                    report = try await checker.grade(command, lab: named) { run, runs, scenario in
                        status.show(Self.progress(command, run: run, of: runs, scenario: scenario))
                    }
                    status.clear()
                } catch {
                    status.clear()
                    StandardStreams.writeError(String(describing: error))
                    continue
                }
                // A client cut short by Ctrl-C is not judged on what it had time to do.
                if Task.isCancelled { break }
                let separator = json || reports.isEmpty ? "" : "\n"
                let text =
                    json
                    ? ClientCheckReportText.json(report)
                    : columns.map { Self.wrapped(ClientCheckReportText.rows(report), colour: colour, columns: $0) }
                        ?? ClientCheckReportText.block(report, colour: colour)
                StandardStreams.writeOutput(separator + text + "\n")
                reports.append(report)
            }
            return reports
        }
        let reports = await withGracefulShutdownHandler {
            await grading.value
        } onGracefulShutdown: {
            grading.cancel()
        }
        if !json && reports.count > 1 {
            StandardStreams.writeOutput("\n" + ClientCheckReportText.summary(reports, colour: colour) + "\n")
        }
        if grading.isCancelled && reports.count < commands.count {
            let left = commands.count - reports.count
            StandardStreams.writeError(
                "Stopped: \(left) of \(commands.count) client program\(commands.count == 1 ? "" : "s") not graded."
            )
        }
        if reports.count < commands.count || !reports.allSatisfy(\.passed) { throw ExitCode(1) }
    }

    /// The status line's text: `grading python3 alice/UDPClient.py: run 3 of 3, lost-reply…`.
    static func progress(_ command: String, run: Int, of runs: Int?, scenario: ClientScenario?) -> String {
        let what = scenario.map { ", " + $0.rawValue } ?? ", telling the lab"
        return "grading " + VisibleText.escape(command) + ": run \(run)" + (runs.map { " of \($0)" } ?? "") + what + "…"
    }

    /// The commands given with --client, then those of the class list.
    private func allClients() throws -> [String] {
        var all = clients
        if let clientsFile {
            guard let data = try? LocalFile.contents(of: clientsFile, limit: Int.max - 1) else {
                throw ValidationError("Cannot read the class list '\(clientsFile)'; check the path.")
            }
            all += CheckTargetList.parse(String(decoding: data, as: UTF8.self)).map(\.target)
        }
        guard !all.isEmpty else { throw ValidationError("The class list '\(clientsFile ?? "")' names no command.") }
        return all
    }
}
