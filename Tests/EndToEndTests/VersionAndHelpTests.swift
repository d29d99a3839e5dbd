import Foundation
import Testing

/// `shout --version`, and the help of every command saying where Shout keeps and writes files.
@Suite(.timeLimit(.minutes(1)))
struct VersionAndHelpTests {
    @Test("shout --version prints the version alone, as MAJOR.MINOR.PATCH")
    func version() async throws {
        let run = try await ProcessRunner.shout(["--version"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.text.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+\n$"#, options: .regularExpression) != nil, "\(run.text)")
    }

    @Test("shout help, shout --help and every subcommand's --help say where the history and transcripts are kept")
    func helpNamesTheFiles() async throws {
        let subcommands = try await CommandTree.subcommands().filter { $0 != "help" }
        #expect(subcommands.count >= 4, "\(subcommands)")
        var invocations = [["help"], ["--help"]]
        for name in subcommands { invocations += [[name, "--help"], ["help", name]] }
        for arguments in invocations {
            let run = try await ProcessRunner.shout(arguments)
            #expect(run.status == 0, "shout \(arguments.joined(separator: " ")): \(run.error)")
            // Help is wrapped to the terminal's width: compare with every run of spaces and newlines as one space.
            let text = run.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for expected in [
                "$XDG_STATE_HOME/shout/history", "~/.local/state/shout/history", "--transcript FILE", "/save FILE",
            ] {
                #expect(text.contains(expected), "shout \(arguments.joined(separator: " ")) lacks \(expected)")
            }
        }
    }
}
