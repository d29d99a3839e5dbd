import ArgumentParser
import FoundationEssentials
import NIOPosix
import ServiceLifecycle
import ShoutCheck
import ShoutCore
import ShoutSockets
import ShoutUI

/// `shout check`: the strict textbook client; tests servers against the textbook exchange and says what is wrong.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Test servers against the textbook exchange and say, one sentence per check, what is wrong.",
        discussion: HelpFiles.discussion(
            """
            Checks over UDP: udp.reply, udp.unicode, udp.size (required), udp.peers, udp.bad-bytes (extra), \
            udp.loss (info); over TCP: tcp.reply, tcp.unicode (required), tcp.concurrent, tcp.split, \
            tcp.bad-bytes (extra), tcp.close (info). Required is what the textbook programs do; a textbook \
            server passes those and fails some extras. The checks that may kill a fragile server run last; a \
            server that stops answering has its remaining checks skipped.

            With --client COMMAND (or --clients-file), it grades client programs instead: it plays the server on \
            127.0.0.1 and ::1, UDP and TCP, --port (12000, as the textbook clients), runs each command with \
            /bin/sh -c in a few scripted runs (a sentence typed on its standard input, replies held back or \
            dropped on purpose) and says what the client did wrong. {host} and {port} in a command are replaced. \
            The lab is told from the client's first contact (--lab auto) or named. Checks: udp-client.sent, \
            .printed, .unicode, .exits (required), .lost-reply (extra); tcp-client.sent, .printed, .unicode \
            (required), .split-reply (extra), .closes (info); pinger.count, .format, .timeout, .reports-loss, .rtt \
            (required), .late-reply, .summary, .bad-reply (extra); heartbeat.interval, .seq, .survives-drop \
            (required), .exits (info).
            """,
            command: "check"
        )
    )

    @Argument(help: "The servers: host, host:port or [v6]:port (port 12000 unless named).")
    var targets: [String] = []

    @Flag(help: "Check UDP only (both transports unless told).")
    var udp = false

    @Flag(help: "Check TCP only (both transports unless told).")
    var tcp = false

    @Option(
        parsing: .unconditional,
        help: "Seconds each exchange waits for its reply (with --client, the unit the scripted runs' times scale with)."
    )
    var timeout: Double = 1

    @Flag(help: "Print one JSON object per target (or client program), one a line, instead of the text.")
    var json = false

    @Option(help: "A class list: one target a line, # starts a comment.", completion: .file())
    var targetsFile: String?

    @Option(
        parsing: .unconditional,
        help: "Targets checked at a time (the checks of one target run one after another)."
    )
    var parallel: Int = 8

    @Option(
        name: .customLong("client"),
        help: ArgumentHelp(
            "A client program to grade: a shell command line ({host}, {port} replaced).",
            valueName: "command"
        )
    )
    var clients: [String] = []

    @Option(help: "A class list of client commands: one a line, # starts a comment.", completion: .file())
    var clientsFile: String?

    @Option(help: "The clients' lab: auto (told from the first contact), udp, tcp, pinger or heartbeat.")
    var lab: String = "auto"

    @Option(
        parsing: .unconditional,
        help: "The port the client grader listens on (0: one the system picks; give clients {port})."
    )
    var port: Int = 12000

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError(
                "--port must be from 1 to 65535 (or 0: one the system picks, for clients given {port})."
            )
        }
        if gradesClients { return try validateClients() }
        guard !(udp && tcp) else { throw ValidationError("Choose one of --udp and --tcp.") }
        guard timeout > 0, timeout <= 60 else {
            throw ValidationError("--timeout must be more than 0 and at most 60 seconds.")
        }
        guard (1...256).contains(parallel) else { throw ValidationError("--parallel must be from 1 to 256.") }
        guard !targets.isEmpty || targetsFile != nil else {
            throw ValidationError("Name at least one target, or a class list with --targets-file FILE.")
        }
        _ = try allTargets()
    }

    func run() async throws {
        if gradesClients { return try await runClients() }
        let transports: [Transport] = udp ? [.udp] : tcp ? [.tcp] : [.udp, .tcp]
        let colour = StandardStreams.outputIsTerminal && getenv("NO_COLOR") == nil
        // On a terminal each sentence wraps at its width, under itself; on a pipe a check is one line.
        let columns = json ? nil : StandardStreams.outputColumns
        let list = try allTargets()
        let group = MultiThreadedEventLoopGroup.singleton
        // A graceful shutdown (Ctrl-C, SIGTERM, SIGHUP) cancels the checks; what ran is printed, the rest skipped.
        let checks = Task {
            var printed = 0
            return await TargetChecker.run(
                list,
                transports: transports,
                timeout: .milliseconds(Int64(timeout * 1000)),
                parallel: parallel,
                group: group
            ) { report in
                // Text blocks are separated by a blank line; JSON is one object a line.
                let separator = json || printed == 0 ? "" : "\n"
                printed += 1
                let text =
                    json
                    ? CheckReportText.json(report)
                    : Self.block(report, colour: colour, columns: columns)
                StandardStreams.writeOutput(separator + text + "\n")
            }
        }
        let reports = await withGracefulShutdownHandler {
            await checks.value
        } onGracefulShutdown: {
            checks.cancel()
        }
        if !json && reports.count > 1 {
            StandardStreams.writeOutput("\n" + CheckReportText.summary(reports, colour: colour) + "\n")
        }
        if !reports.allSatisfy(\.passed) { throw ExitCode(1) }
    }

    /// A target's block of text; with `columns`, each sentence wrapped to that width with a hanging indent under
    /// its first word.
    static func block(_ report: CheckTargetReport, colour: Bool, columns: Int?) -> String {
        guard let columns else { return CheckReportText.block(report, colour: colour) }
        return wrapped(CheckReportText.rows(report), colour: colour, columns: columns)
    }

    /// Rows wrapped to `columns`, each sentence under itself.
    static func wrapped(_ rows: [CheckReportText.Row], colour: Bool, columns: Int) -> String {
        let lines = rows.flatMap { row in
            let wrapped = TextWrap.hanging(row.text, leadWidth: DisplayWidth.of(row.lead()), width: columns)
            return [row.lead(colour: colour) + (wrapped.first ?? "")] + wrapped.dropFirst()
        }
        return lines.joined(separator: "\n")
    }

    /// The targets named on the command line, then those of the class list, each with its endpoint.
    private func allTargets() throws -> [(text: String, endpoint: Endpoint)] {
        var all = try targets.map { ($0, try TargetOptions.endpoint($0)) }
        if let targetsFile {
            guard let data = try? LocalFile.contents(of: targetsFile, limit: Int.max - 1) else {
                throw ValidationError("Cannot read the class list '\(targetsFile)'; check the path.")
            }
            for (line, target) in CheckTargetList.parse(String(decoding: data, as: UTF8.self)) {
                switch Endpoint.read(target, defaultPort: TargetOptions.defaultPort) {
                case .success(let endpoint): all.append((target, endpoint))
                case .failure(let error):
                    throw ValidationError(error.sentence(where: "on line \(line) of \(targetsFile)") + ".")
                }
            }
        }
        guard !all.isEmpty else { throw ValidationError("The class list '\(targetsFile ?? "")' names no target.") }
        return all
    }
}
