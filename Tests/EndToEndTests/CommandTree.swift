import Foundation

/// The commands a `shout` binary defines, as it describes them itself (`--experimental-dump-help`), so that tests
/// cover a subcommand added later without being told about it.
enum CommandTree {
    private struct Dump: Decodable {
        struct Command: Decodable {
            var commandName: String
            var subcommands: [Command]?
        }
        var command: Command
    }

    /// The names of the root command's subcommands (`help` included), in their order.
    static func subcommands(of binary: String = TestPaths.shout) async throws -> [String] {
        let dump = try await ProcessRunner.run(binary, ["--experimental-dump-help"])
        guard dump.status == 0 else { throw TestFailure("--experimental-dump-help failed: \(dump.error)") }
        let decoded = try JSONDecoder().decode(Dump.self, from: Data(dump.output))
        return (decoded.command.subcommands ?? []).map(\.commandName)
    }
}
