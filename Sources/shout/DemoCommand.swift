import ArgumentParser
import FoundationEssentials
import NIOCore
import NIOPosix
import ShoutClientNet
import ShoutCore
import ShoutServerNet
import ShoutSockets
import ShoutTerminal
import ShoutUI
import ShoutWire

/// `shout demo`: a server on loopback and a client talking to it, side by side in one terminal.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A server on loopback and a client talking to it, side by side in one terminal.",
        discussion: HelpFiles.discussion(
            """
            The client is on the left (above on a narrow terminal), the server on the right (below). F6 or Ctrl-O \
            moves the keyboard between them; F2 switches the client between UDP and TCP; on the server side d, l \
            and j drop, delay and reorder UDP replies, m puts a mark, / filters; q on the server side or Ctrl-C \
            anywhere leaves. /ping 10 in the client runs the UDP Pinger lab: raise the drop with d, and the \
            server's Peers pane shows the pinging client's gaps.
            """,
            command: "demo",
            files: true
        )
    )

    @Option(parsing: .unconditional, help: "The port for the demo's server (another free one is used if it is taken).")
    var port: Int = 12000

    @Option(
        parsing: .unconditional,
        help:
            "Seconds the client waits for each reply before a UDP line counts as lost (a TCP line is still waited for)."
    )
    var timeout: Double = 1

    @Flag(
        help:
            "Show the segments of the demo's port on the server's Wire pane (w), and the client's among its lines; needs CAP_NET_RAW."
    )
    var wire = false

    /// The loopback address the demo's server binds and its client talks to.
    static let host = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard ReplyTimeout.accepts(timeout) else {
            throw ValidationError("--timeout must be more than 0 and at most 3600 seconds.")
        }
    }

    func run() async throws {
        guard StandardStreams.inputIsTerminal, StandardStreams.outputIsTerminal else {
            StandardStreams.writeError(
                "shout demo needs a terminal: run it in one (or use shout server and shout client)."
            )
            throw ExitCode(1)
        }
        let counters = try await Self.serving(port: port) { server, takenPort in
            try await runDemo(server, takenPort: takenPort)
        }
        StandardStreams.writeOutput("demo stopped: " + counters.snapshot.summary + "\n")
    }

    /// Runs both screens until the demo quits; returns the server's counters.
    private func runDemo(_ server: ShoutServer, takenPort: Int?) async throws -> ServerCounters {
        let note = takenPort.map { "port \($0) is taken: the demo's server uses port \(server.port) instead" }
        let info = ServerScreenInfo(
            transports: [.udp, .tcp],
            port: server.port,
            addresses: [Self.host],
            startedAt: Date()
        )
        let (capture, wireProblem) = wire ? ServerCommand.startCapture(port: server.port) : (nil, nil)
        let serverScreen = ServerTUI(server: server, info: info, wire: capture, wireProblem: wireProblem)
        if let note { serverScreen.note(note) }
        let clientScreen = ClientTUI(
            server: Endpoint(host: Self.host, port: server.port),
            transport: .udp,
            timeout: .milliseconds(Int64(timeout * 1000)),
            group: MultiThreadedEventLoopGroup.singleton,
            historyFile: HistoryFile.standard()
        )
        if let note { clientScreen.note(note) }
        // The server's half drains the capture and hands the records on (ScreenFrame.segments).
        if capture != nil { clientScreen.showWire(from: nil) }
        let barNote = takenPort.map { "\($0) taken → \(server.port)" }
        do {
            try await TerminalRunner.run(DemoTUI(client: clientScreen, server: serverScreen, barNote: barNote))
        } catch let error as TerminalError {
            await capture?.stop()
            StandardStreams.writeError(error.description)
            throw ExitCode(1)
        }
        await capture?.stop()
        return server.counters
    }

    /// Serves on `port` of loopback, or on a free port when that one is taken (then `body` is told which was), while
    /// `body` runs.
    static func serving<Result>(
        port: Int,
        _ body: (ShoutServer, _ takenPort: Int?) async throws -> Result
    ) async throws -> Result {
        do {
            return try await ShoutServer.serving(ServerConfiguration(host: host, port: port)) {
                try await body($0, nil)
            }
        } catch let error as NetworkError where error.isPortInUse && port != 0 {
            return try await ShoutServer.serving(ServerConfiguration(host: host, port: 0)) { try await body($0, port) }
        }
    }
}
