import ArgumentParser
import NIOPosix
import ShoutCore
import ShoutNet
import ShoutUI
import ShoutTerminal

/// `shout client`: send lines, see the upper-cased replies, their round-trip times and every loss.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Send lines to a server and show each reply, its round-trip time and every lost datagram.",
        discussion: HelpFiles.discussion("""
            A chat-style screen when standard input and output are a terminal; otherwise (or with --plain) each \
            line of standard input is sent and each reply printed on its own line, like the textbook client.
            """)
    )

    @Argument(help: "The server: a name or an address (IPv6 literals such as ::1 accepted).")
    var host: String = "localhost"

    @Option(help: "The server's port.")
    var port: Int = 12000

    @Flag(help: "Send over UDP (the default).")
    var udp = false

    @Flag(help: "Send over TCP.")
    var tcp = false

    @Option(help: "Seconds to wait for each reply before it counts as lost.")
    var timeout: Double = 1

    @Flag(help: "Read lines from standard input and print replies, without the screen.")
    var plain = false

    @Option(
        help: ArgumentHelp(
            "Append every event (sent, reply, lost, connect, …) to FILE as it happens, one JSON object per line.",
            valueName: "FILE"))
    var transcript: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535.") }
        guard !(udp && tcp) else { throw ValidationError("Choose one of --udp and --tcp.") }
        guard ClientCommandLine.acceptsTimeout(timeout) else {
            throw ValidationError("--timeout must be more than 0 and at most 3600 seconds.")
        }
        guard transcript?.isEmpty != true else { throw ValidationError("--transcript needs a file name.") }
        guard Endpoint.parse(host, defaultPort: port) != nil else {
            throw ValidationError("'\(host)' is not a host name or address.")
        }
    }

    /// The server to talk to: the host argument, with the port from --port unless the argument names one.
    var server: Endpoint {
        let parsed = Endpoint.parse(host, defaultPort: port) ?? Endpoint(host: host, port: port)
        return parsed
    }

    func run() async throws {
        let transport: Transport = tcp ? .tcp : .udp
        if !plain, StandardStreams.inputIsTerminal, StandardStreams.outputIsTerminal {
            let app = ClientTUI(
                server: server, transport: transport, timeout: .milliseconds(Int64(timeout * 1000)),
                group: MultiThreadedEventLoopGroup.singleton, historyFile: HistoryFile.standard(),
                transcriptPath: transcript)
            do {
                try await TerminalRunner.run(app)
            } catch let error as TerminalError {
                StandardStreams.writeError(error.description)
                throw ExitCode(1)
            }
            return
        }
        // An unwritable transcript stops the plain client before it sends anything (a screen shows it instead).
        let file = try transcript.map { path throws(TranscriptFileError) in try TranscriptFile(path: path) }
        let client = PlainClient(
            server: server, transport: transport, timeout: .milliseconds(Int64(timeout * 1000)),
            escapesOutput: StandardStreams.outputIsTerminal, group: MultiThreadedEventLoopGroup.singleton,
            transcript: file)
        let allAnswered = try await client.run()
        if !allAnswered { throw ExitCode(1) }
    }
}
