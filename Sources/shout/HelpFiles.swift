/// What every command's help (and so the man page) says besides its own text: its exit statuses, where Shout keeps
/// and writes files (only for the commands that do), and the man page's EXIT STATUS and EXAMPLES sections.
enum HelpFiles {
    /// Where the client's input history is kept, as `HistoryFile.standard` finds it.
    static let historyLocation = "$XDG_STATE_HOME/shout/history (or ~/.local/state/shout/history)"

    /// The paragraph on files, for the commands whose client screen keeps a history (client, demo).
    static let paragraph = """
        Files: the client keeps its input history in \(historyLocation); transcripts are written only where \
        you say, with shout client --transcript FILE (JSON lines) or /save FILE in the client.
        """

    /// What each command means by exit status 1, in the order of `shout --help`.
    static let failures: [(command: String, meaning: String)] = [
        ("server", "it could not start: the port is in use, permission was denied, or --host is not this machine's"),
        (
            "client",
            "with --plain, a reply was lost or the server could not be reached (refused, host not found); the "
                + "screen could not be set up; or the --transcript file could not be written"
        ),
        ("bench", "no reply came back at all, or the server could not be reached"),
        ("demo", "there is no terminal to show it in, or the screen could not be set up"),
        (
            "check",
            "a target (or, with --client, a client program) failed a required check, could not be reached, or had "
                + "required checks skipped (stopped early); with --client, also when the grader's port is taken"
        ),
        ("ping", "no reply came within its timeout (every ping lost, or the first connection refused)"),
    ]

    /// The statuses every command shares.
    static let usageStatus = "64 for a bad option or argument (one sentence says which)"
    static let interruptedStatus = "130 when Ctrl-C (or SIGTERM, SIGHUP) stops shout client --plain while it reads"

    /// The sentence on `command`'s exit statuses, for its help.
    static func exitStatus(of command: String) -> String {
        let failure = failures.first { $0.command == command }?.meaning ?? "something went wrong"
        var statuses = ["0 when all went well", "1 when " + failure, usageStatus]
        if command == "client" { statuses.append(interruptedStatus) }
        return "Exit status: " + statuses.joined(separator: "; ") + "."
    }

    /// `discussion`, then the command's exit statuses, then (with `files`) the paragraph on files.
    static func discussion(_ discussion: String, command: String, files: Bool = false) -> String {
        discussion + "\n\n" + exitStatus(of: command) + (files ? "\n\n" + paragraph : "")
    }

    /// The man page's EXIT STATUS and EXAMPLES sections, in mdoc, in place of the generic EXIT STATUS the page
    /// generator writes (`shout --manual-sections`, which `make` runs).
    static var manualSections: String {
        var lines = [
            ".Sh \"EXIT STATUS\"",
            ".Bl -tag -width Ds",
            ".It 0",
            "All went well. A server, the demo, the client's screen and bench stopped with Ctrl-C (or q) end",
            "with 0 too.",
            ".It 1",
            "Something went wrong (one sentence on standard error says what), or what the command tested did",
            "not pass. What each command means by it:",
            ".Bl -tag -width \"server\"",
        ]
        for (command, meaning) in failures {
            lines += [".It Cm \(command)", meaning.prefix(1).uppercased() + meaning.dropFirst() + "."]
        }
        lines += [
            ".El",
            ".It 64",
            "A bad option or argument; one sentence says which, then the usage.",
            ".It 130",
            "Ctrl-C (or SIGTERM, SIGHUP) stopped",
            ".Nm",
            "client --plain while it was reading standard input.",
            ".El",
            ".Sh EXAMPLES",
            "The classroom sequence. On the teacher's machine, whose header lists the addresses to hand out",
            "(UDP and TCP port 12000 must be open in its firewall):",
            ".Dl shout server",
            "On each student's machine, with an address from that header; F2 switches between UDP and TCP:",
            ".Dl shout client 192.168.1.20",
            "The textbook programs talk to it as they are, and the textbook servers answer",
            ".Nm",
            "client the same way. On the projector, both halves in one terminal:",
            ".Dl shout demo",
            ".Pp",
            "The UDP Pinger lab. The lab's server, dropping about 30% of the pings, and the lab's client:",
            ".Dl shout server --drop 30",
            ".Dl shout ping 192.168.1.20 --count 10",
            "With nothing listening,",
            ".Nm",
            "ping says port unreachable for each ping and exits 1.",
            ".Pp",
            "A class list. Each student's server on a line of class.txt (host or host:port, # starts a comment):",
            ".Bd -literal -offset indent",
            "# lab 2, room 104",
            "192.168.1.31:12000   # Alice",
            "192.168.1.44         # Bob",
            ".Ed",
            "checked eight at a time, a block per server and then a summary table (--json: one object per server):",
            ".Dl shout check --targets-file class.txt",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
