import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `shout` command: the textbook upper-casing exchange over UDP and TCP, made visible.
@main
struct Shout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A client sends a line, the server replies in upper case: over UDP or TCP, live.",
        discussion: """
            Compatible with the textbook programs (UDPClient, UDPServer, TCPClient, TCPServer, port 12000) \
            both ways, byte for byte.

            Exit status: 0 when all went well; 1 when something went wrong or what was tested did not pass \
            (each command's --help says what it means by 1); \(HelpFiles.usageStatus); \
            \(HelpFiles.interruptedStatus).
            """,
        version: ShoutVersion.current,
        subcommands: [
            ServerCommand.self, ClientCommand.self, BenchCommand.self, DemoCommand.self, CheckCommand.self,
            PingCommand.self,
        ]
    )

    /// The man page's EXIT STATUS and EXAMPLES sections, printed for `make` (hidden).
    @Flag(help: .hidden)
    var manualSections = false

    /// `shout` alone prints its help; `shout --manual-sections` prints the man page's last sections.
    func run() async throws {
        guard manualSections else { throw CleanExit.helpRequest(self) }
        StandardStreams.writeOutput(HelpFiles.manualSections)
    }

    /// Parses the command line and runs the command under the one lifetime every command has
    /// (``CommandLifetime``); a closed pipe never kills the program (SIGPIPE is ignored, writes to it fail instead).
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if let asyncCommand = command as? any AsyncParsableCommand {
                let handover = CommandHandover(command: asyncCommand)
                try await CommandLifetime.run { try await handover.run() }
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Moves the parsed command into the lifetime's service, which is the only code that uses it from then on.
private final class CommandHandover: @unchecked Sendable {
    // @unchecked: `main` hands the command over and never touches it again; only the service's task runs it.
    private var command: any AsyncParsableCommand

    init(command: any AsyncParsableCommand) {
        self.command = command
    }

    func run() async throws {
        try await command.run()
    }
}
