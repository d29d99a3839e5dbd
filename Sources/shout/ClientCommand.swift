import ArgumentParser
import FoundationEssentials
import NIOPosix
import ServiceLifecycle
import ShoutClientNet
import ShoutCore
import ShoutTerminal
import ShoutUI
import ShoutWire

/// `shout client`: send lines, see the upper-cased replies, their round-trip times and every loss.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Send lines to a server and show each reply, its round-trip time and every lost datagram.",
        discussion: HelpFiles.discussion(
            """
            A chat-style screen when standard input and output are a terminal; otherwise (or with --plain) each \
            line of standard input is sent and each reply printed on its own line, like the textbook client.
            """,
            command: "client",
            files: true
        )
    )

    @OptionGroup var target: TargetOptions

    @OptionGroup var transport: TransportOptions

    @Option(
        parsing: .unconditional,
        help:
            "Seconds to wait for each reply before a UDP line counts as lost (a TCP line is then said to be still waiting: TCP retransmits)."
    )
    var timeout: Double = 1

    @Flag(help: "Read lines from standard input and print replies, without the screen.")
    var plain = false

    @Option(
        help: ArgumentHelp(
            "Append every event (sent, reply, lost, connect, …) to FILE as it happens, one JSON object per line.",
            valueName: "FILE"
        ),
        completion: .file()
    )
    var transcript: String?

    @Flag(help: "Show the client's own segments (TCP, UDP, ICMP errors) among its lines; needs CAP_NET_RAW.")
    var wire = false

    func validate() throws {
        guard ReplyTimeout.accepts(timeout) else {
            throw ValidationError("--timeout must be more than 0 and at most 3600 seconds.")
        }
        guard transcript?.isEmpty != true else { throw ValidationError("--transcript needs a file name.") }
    }

    func run() async throws {
        let server = target.server
        let transport = self.transport.transport
        if !plain, StandardStreams.inputIsTerminal, StandardStreams.outputIsTerminal {
            let app = ClientTUI(
                server: server,
                transport: transport,
                timeout: .milliseconds(Int64(timeout * 1000)),
                group: MultiThreadedEventLoopGroup.singleton,
                historyFile: HistoryFile.standard(),
                transcriptPath: transcript
            )
            if wire {
                let (capture, problem) = startCapture(port: server.port)
                if let problem { app.note(problem, isProblem: true) } else { app.showWire(from: capture) }
            }
            do {
                try await TerminalRunner.run(app)
                await app.stopWire()
                return
            } catch let error as TerminalError {
                await app.stopWire()
                // A terminal that cannot show the screen (TERM unset, unknown, or dumb as in Emacs' shell) still
                // reads and writes lines: work like --plain there, and say so.
                guard error != .notATerminal else {
                    StandardStreams.writeError(error.description)
                    throw ExitCode(1)
                }
                StandardStreams.writeError("\(error) Working line by line instead, as with --plain.")
            }
        }
        // An unwritable transcript stops the plain client before it sends anything (a screen shows it instead).
        let file = try transcript.map { path throws(TranscriptFileError) in try TranscriptFile(path: path) }
        // The segments are the screen's: standard output is the replies', standard error their losses'.
        if wire { StandardStreams.writeError(Self.plainWire) }
        let client = PlainClient(
            server: server,
            transport: transport,
            timeout: .milliseconds(Int64(timeout * 1000)),
            escapesOutput: StandardStreams.outputIsTerminal,
            group: MultiThreadedEventLoopGroup.singleton,
            transcript: file
        )
        let interrupt = InputInterrupt()
        let allAnswered = try await withGracefulShutdownHandler {
            try await client.run(until: interrupt)
        } onGracefulShutdown: {
            // The read of standard input returns, the client closes its sockets, and the command leaves as a shell
            // expects of Ctrl-C.
            interrupt?.interrupt()
        }
        if interrupt?.isInterrupted == true { throw ExitCode(130) }
        if !allAnswered { throw ExitCode(1) }
    }

    /// What `--wire` says without the screen.
    static let plainWire =
        "--wire shows the segments on the client's screen only; the plain client runs on without them."

    /// Starts the capture of `--wire` for the server's port; without one, the sentence that says why.
    private func startCapture(port: Int) -> (WireCapture?, String?) {
        do {
            return (try WireCapture.start(port: port), nil)
        } catch {
            return (nil, error.sentence(for: "client"))
        }
    }
}
