import ArgumentParser
import FoundationEssentials
import NIOPosix
import ServiceLifecycle
import ShoutCore
import ShoutServerNet
import ShoutSockets
import ShoutTerminal
import ShoutUI
import ShoutWire

/// `shout server`: UDP and TCP on one port, many peers at once.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Answer every line with its upper-cased text, over UDP and TCP on the same port.",
        discussion: HelpFiles.discussion(
            "Shows live panes when standard output is a terminal; otherwise writes one line per event.",
            command: "server"
        )
    )

    @Option(help: "The address to listen on (default: every interface, IPv4 and IPv6).")
    var host: String?

    @Option(parsing: .unconditional, help: "The port for both UDP and TCP (0 picks a free one).")
    var port: Int = 12000

    @Flag(name: [.customLong("udp-only"), .customLong("udp")], help: "Serve UDP only (both transports unless told).")
    var udpOnly = false

    @Flag(name: [.customLong("tcp-only"), .customLong("tcp")], help: "Serve TCP only (both transports unless told).")
    var tcpOnly = false

    @Flag(help: "Write one line per event instead of the live screen.")
    var headless = false

    @Option(help: "The format of headless lines: text or json.")
    var logFormat: LogFormat = .text

    @Option(
        parsing: .unconditional,
        help: "Drop each UDP datagram independently with this probability, in percent (0-100), for the classroom."
    )
    var drop: Int = 0

    @Option(parsing: .unconditional, help: "Delay each UDP reply by this many milliseconds.")
    var delay: Int = 0

    @Option(
        parsing: .unconditional,
        help: "Add up to this many random milliseconds to each UDP reply's delay (reorders replies)."
    )
    var jitter: Int = 0

    @Option(parsing: .unconditional, help: "Most TCP connections open at once; one more is closed at once and counted.")
    var maxConnections: Int = ServerConfiguration.defaultMaxConnections

    @Option(
        parsing: .unconditional,
        help: "UDP replies per second per source address (default: no limit); the rest are dropped and counted."
    )
    var rateLimit: Int?

    @Flag(help: "Show the segments of the server's port (TCP, UDP, ICMP errors); needs CAP_NET_RAW.")
    var wire = false

    @Flag(
        help: ArgumentHelp(
            "Judge each UDP Pinger or Heartbeat client live; its third ping or heartbeat gets no reply on purpose.",
            discussion: """
                A peer whose first datagram is "Ping <seq> <time>" or "Heartbeat <seq> <time>" is judged by what \
                reaches the server: the format, sequence numbers rising by one (ten pings, 1 to 10), the wait after \
                a ping that got no reply (about 1 s: neither at once nor never), a heartbeat's steady interval and \
                its sending on after a drop. Unless --drop already dropped one of its first three, the server drops \
                its third on purpose so that its timeout shows. The verdict shows on its Peers row; headless, as \
                the `grade` and `grade_detail` fields of its lines, and a `graded` line once settled. What only the \
                client's own output shows (its RTTs, its summary) is not judged live: `shout check --client` does.
                """
        )
    )
    var grade = false

    func validate() throws {
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1.") }
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1 reply per second.") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard !(udpOnly && tcpOnly) else {
            throw ValidationError("Choose at most one of --udp-only and --tcp-only (--udp and --tcp).")
        }
        guard !(grade && tcpOnly) else { throw ValidationError("--grade judges UDP clients: it needs UDP served.") }
        guard (0...100).contains(drop) else { throw ValidationError("--drop is a percentage from 0 to 100.") }
        guard (0...60_000).contains(delay) else { throw ValidationError("--delay must be from 0 to 60000 ms.") }
        guard (0...60_000).contains(jitter) else { throw ValidationError("--jitter must be from 0 to 60000 ms.") }
    }

    func run() async throws {
        let transports: Set<Transport> = udpOnly ? [.udp] : tcpOnly ? [.tcp] : [.udp, .tcp]
        let configuration = ServerConfiguration(
            host: host,
            port: port,
            transports: transports,
            maxConnections: maxConnections,
            rateLimit: rateLimit,
            grade: grade
        )
        let impairments = Impairments(drop: drop, delay: delay, jitter: jitter)
        let (counters, format) = try await Self.waitingForPort { waited in
            try await ShoutServer.serving(configuration, impairments: impairments) { server in
                if waited { StandardStreams.writeError("Port \(server.port)/tcp is free: the server starts.") }
                return try await show(server, transports: transports)
            }
        }
        // Every socket is closed by now (and the terminal restored): the final totals.
        StandardStreams.writeOutput(HeadlessServerLog.summaryLine(counters.snapshot, format: format) + "\n")
    }

    /// Shows what `server` does, on the screen or as a log, until the command's lifetime ends; returns its counters
    /// and the format of the final totals.
    private func show(
        _ server: ShoutServer,
        transports: Set<Transport>
    ) async throws -> (ServerCounters, ServerEventFormatter.Format) {
        let (capture, wireProblem) = wire ? Self.startCapture(port: server.port) : (nil, nil)
        guard !headless, StandardStreams.outputIsTerminal else {
            await HeadlessServerLog(server: server, format: logFormat.format, wire: capture, grade: grade).run()
            await capture?.stop()
            return (server.counters, logFormat.format)
        }
        let info = ServerScreenInfo(
            transports: Transport.allCases.filter(transports.contains),
            port: server.port,
            addresses: LocalAddresses.reachable(boundTo: server.listening.first?.endpoint.host ?? host),
            startedAt: Date(),
            rateLimit: rateLimit,
            grade: grade
        )
        do {
            try await TerminalRunner.run(ServerTUI(server: server, info: info, wire: capture, wireProblem: wireProblem))
        } catch let error as TerminalError {
            StandardStreams.writeError("\(error) Writing one line per event instead.")
            await HeadlessServerLog(server: server, format: logFormat.format, wire: capture, grade: grade).run()
            await capture?.stop()
            return (server.counters, logFormat.format)
        }
        await capture?.stop()
        return (server.counters, .text)
    }

    /// Starts the capture of `--wire`, or says in one line why it cannot (the server runs on either way) and returns
    /// that sentence for the Wire pane.
    static func startCapture(port: Int) -> (WireCapture?, String?) {
        do {
            return (try WireCapture.start(port: port), nil)
        } catch {
            StandardStreams.writeError(error.description)
            return (nil, error.description)
        }
    }

    /// Runs `serve` (told whether it waited for the port). While nothing listens on the TCP port but connections a server closed a moment ago still hold
    /// it (TIME-WAIT after the textbook TCPServer, which does not set `SO_REUSEADDR`), says so once and tries again
    /// until the kernel frees it (within a minute), or until Ctrl-C.
    private static func waitingForPort<Result>(_ serve: (Bool) async throws -> Result) async throws -> Result {
        let deadline = ContinuousClock.now + .seconds(75)
        var said = false
        while true {
            do {
                return try await serve(said)
            } catch let error as NetworkError where error.isHeldByClosedConnections && ContinuousClock.now < deadline {
                if !said {
                    StandardStreams.writeError(error.description + " Waiting for it; Ctrl-C stops.")
                    said = true
                }
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(200)) }
                } catch is CancellationError {
                    throw ExitCode(130)
                }
            }
        }
    }
}

/// The values of `--log-format`.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json

    var format: ServerEventFormatter.Format { self == .json ? .json : .text }
}
