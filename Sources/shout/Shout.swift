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
        discussion: HelpFiles.discussion("""
            Compatible with the textbook programs (UDPClient, UDPServer, TCPClient, TCPServer, port 12000) \
            both ways, byte for byte.
            """),
        version: ShoutVersion.current,
        subcommands: [ServerCommand.self, ClientCommand.self, BenchCommand.self, DemoCommand.self]
    )

    /// Parses the command line and runs the command; a closed pipe never kills the program (SIGPIPE is ignored,
    /// writes to it fail instead).
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
