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

    /// The commands whose screen keeps a history: the only ones whose help speaks of files.
    static let keepFiles: Set = ["client", "demo"]

    /// A command's help as one line: help is wrapped to the terminal's width, so every run of spaces and newlines
    /// is one space.
    static func help(_ arguments: [String]) async throws -> String {
        let run = try await ProcessRunner.shout(arguments)
        #expect(run.status == 0, "shout \(arguments.joined(separator: " ")): \(run.error)")
        return run.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("the paragraph on files is in the help of client and demo only, which keep a history")
    func filesOnlyWhereTheyApply() async throws {
        let subcommands = try await CommandTree.subcommands().filter { $0 != "help" }
        #expect(subcommands.count >= 6, "\(subcommands)")
        for name in subcommands {
            for arguments in [[name, "--help"], ["help", name]] {
                let text = try await Self.help(arguments)
                let expected = [
                    "$XDG_STATE_HOME/shout/history", "~/.local/state/shout/history", "--transcript FILE", "/save FILE",
                ]
                for phrase in expected {
                    #expect(
                        text.contains(phrase) == Self.keepFiles.contains(name),
                        "shout \(arguments.joined(separator: " ")) and \(phrase)"
                    )
                }
            }
        }
        for arguments in [["help"], ["--help"]] {
            #expect(!(try await Self.help(arguments)).contains("shout/history"))
        }
    }

    @Test("every command's help lists its exit statuses: 0, what it means by 1, 64; the client's 130 too")
    func exitStatuses() async throws {
        let subcommands = try await CommandTree.subcommands().filter { $0 != "help" }
        for name in subcommands {
            let text = try await Self.help([name, "--help"])
            #expect(text.contains("Exit status: 0 when all went well; 1 when "), "shout \(name) --help: \(text)")
            #expect(text.contains("; 64 for a bad option or argument"), "shout \(name) --help")
            #expect(text.contains("130 when Ctrl-C") == (name == "client"), "shout \(name) --help")
        }
        let root = try await Self.help(["--help"])
        #expect(root.contains("Exit status: 0 when all went well; 1 when something went wrong"), "\(root)")
        #expect(root.contains("64 for a bad option") && root.contains("130 when Ctrl-C"), "\(root)")
    }

    @Test("README's synopsis brackets a command's server argument exactly where the command has a default for it")
    func synopsisAgreesOnTargets() async throws {
        let readme = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"),
            encoding: .utf8
        )
        let commands = try #require(readme.components(separatedBy: "## Commands\n\n```\n").dropFirst().first)
        let synopsis = commands.components(separatedBy: "```").first?.split(separator: "\n") ?? []
        let positionals = try await CommandTree.positionals()
        #expect(positionals.contains { $0.command == "ping" })
        for positional in positionals {
            let line = try #require(
                synopsis.first { $0.split(separator: " ").prefix(2) == ["shout", Substring(positional.command)] },
                "README's synopsis has no line for shout \(positional.command)"
            )
            // The first word after the command's name is its positional argument: HOST, [HOST], TARGET...
            let word = line.split(separator: " ").dropFirst(2).first ?? ""
            #expect(!word.hasPrefix("[--"), "README: \(line)")
            #expect(
                word.hasPrefix("[") == (positional.defaultValue != nil),
                "shout \(positional.command)'s <\(positional.name)> \(positional.defaultValue.map { "defaults to \($0)" } ?? "is required"), README: \(line)"
            )
        }
    }

    @Test("the man page's EXIT STATUS lists 0, 1 for each command, 64 and 130; EXAMPLES has the class's three uses")
    func manualSections() async throws {
        let run = try await ProcessRunner.shout(["--manual-sections"])
        #expect(run.status == 0, "\(run.error)")
        let mdoc = run.text
        #expect(mdoc.hasPrefix(".Sh \"EXIT STATUS\"\n"))
        for status in ["0", "1", "64", "130"] { #expect(mdoc.contains("\n.It \(status)\n"), "\(status)") }
        for name in try await CommandTree.subcommands().filter({ $0 != "help" }) {
            #expect(mdoc.contains("\n.It Cm \(name)\n"), "EXIT STATUS does not say what shout \(name) means by 1")
        }
        #expect(!mdoc.contains(".Ex -std"))
        for example in [
            ".Sh EXAMPLES", ".Dl shout server\n", ".Dl shout client 192.168.1.20", ".Dl shout server --drop 30",
            ".Dl shout ping 192.168.1.20", ".Dl shout check --targets-file class.txt",
        ] {
            #expect(mdoc.contains(example), "\(example)")
        }
        // It renders as a man page: the sections as headings, the statuses as a list.
        let page = ".Dd December 1, 2026\n.Dt SHOUT 1\n.Os\n.Sh NAME\n.Nm shout\n.Nd x\n" + mdoc
        let rendered = try await ProcessRunner.run(
            "/usr/bin/env",
            ["groff", "-mandoc", "-Tascii", "-P", "-cbou"],
            input: Array(page.utf8)
        )
        let text = rendered.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("EXIT STATUS 0 All went well."), "\(rendered.text)")
        #expect(text.contains(" 130 Ctrl-C (or SIGTERM, SIGHUP) stopped shout client --plain"), "\(rendered.text)")
        #expect(text.contains("EXAMPLES The classroom sequence."), "\(rendered.text)")
        #expect(try await ProcessRunner.shout([]).status == 0, "shout alone prints its help")
    }

    @Test("bash completion completes file names after --transcript and --targets-file")
    func completesFileNames() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-complete-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["class.txt", "class-b.txt", "notes.jsonl"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data())
        }
        let script = folder.appendingPathComponent("shout.bash").path
        let generated = try await ProcessRunner.shout(["--generate-completion-script", "bash"])
        try Data(generated.output).write(to: URL(fileURLWithPath: script))
        // Non-interactive bash: load the script and call the function it registered for `shout`, as bash's
        // completion would for the words given, the cursor at the end of the last.
        let program = #"""
            source "$1" || exit 3
            spec=$(complete -p shout) || exit 4
            function=${spec##*-F }
            function=${function%% *}
            shift
            COMP_WORDS=("$@")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="$*"
            COMP_POINT=${#COMP_LINE}
            "$function" shout "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """#
        for (words, expected) in [
            (["shout", "client", "--transcript", "no"], ["notes.jsonl"]),
            (["shout", "check", "--targets-file", "cl"], ["class-b.txt", "class.txt"]),
        ] {
            let bash = try await ProcessRunner.run(
                "/usr/bin/env",
                ["bash", "-c", "cd \"$0\" || exit 2\n" + program, folder.path, script] + words
            )
            #expect(bash.status == 0, "\(bash.error)")
            #expect(bash.lines.filter { !$0.isEmpty }.sorted() == expected, "\(words): \(bash.text)")
        }
    }
}
