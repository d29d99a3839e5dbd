import Foundation

/// The commands a `shout` binary defines, as it describes them itself (`--experimental-dump-help`), so that tests
/// cover a subcommand added later without being told about it.
enum CommandTree {
    private struct Dump: Decodable {
        struct Command: Decodable {
            var commandName: String
            var subcommands: [Command]?
            var arguments: [Argument]?
        }
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var kind: String
            var names: [Name]?
            var defaultValue: String?
            var valueName: String?
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

    /// An option that takes a value: its command, its long name (`port`), and its default as the help shows it.
    struct Option: CustomStringConvertible {
        var command: String
        var name: String
        var defaultValue: String?

        var description: String { "shout \(command) --\(name)" }
    }

    /// Every option that takes a value, of every subcommand (hidden ones included).
    static func options(of binary: String = TestPaths.shout) async throws -> [Option] {
        let dump = try await ProcessRunner.run(binary, ["--experimental-dump-help"])
        guard dump.status == 0 else { throw TestFailure("--experimental-dump-help failed: \(dump.error)") }
        let decoded = try JSONDecoder().decode(Dump.self, from: Data(dump.output))
        return (decoded.command.subcommands ?? []).flatMap { command in
            (command.arguments ?? []).compactMap { argument -> Option? in
                guard argument.kind == "option", let long = argument.names?.first(where: { $0.kind == "long" }) else {
                    return nil
                }
                return Option(command: command.commandName, name: long.name, defaultValue: argument.defaultValue)
            }
        }
    }

    /// A command's positional argument: its command, its value name (`host`), and its default, if it has one.
    struct Positional {
        var command: String
        var name: String
        var defaultValue: String?
    }

    /// Every positional argument of every subcommand but `help`.
    static func positionals(of binary: String = TestPaths.shout) async throws -> [Positional] {
        let dump = try await ProcessRunner.run(binary, ["--experimental-dump-help"])
        guard dump.status == 0 else { throw TestFailure("--experimental-dump-help failed: \(dump.error)") }
        let decoded = try JSONDecoder().decode(Dump.self, from: Data(dump.output))
        return (decoded.command.subcommands ?? []).filter { $0.commandName != "help" }.flatMap { command in
            (command.arguments ?? []).filter { $0.kind == "positional" }.map { argument in
                Positional(
                    command: command.commandName,
                    name: argument.valueName ?? "",
                    defaultValue: argument.defaultValue
                )
            }
        }
    }
}
