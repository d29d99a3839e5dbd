import ShoutCore

/// A line typed into the client screen, parsed: a line to send, or one of the slash commands.
///
/// A line that starts with `/` is a command; `//` sends a line that starts with a single `/`.
public enum ClientCommandLine: Equatable, Sendable {
    /// Send this text.
    case send(String)
    /// `/connect HOST[:PORT]`: talk to another server (IPv6 as `[::1]:12000`).
    case connect(Endpoint)
    /// `/udp` or `/tcp`: switch transport.
    case transport(Transport)
    /// `/timeout SECONDS`: how long to wait for a reply before it counts as lost.
    case timeout(Duration)
    /// `/clear`: empty the transcript (the counters stay).
    case clear
    /// `/save FILE`: write the transcript as plain text, or as JSON lines when FILE ends in `.jsonl`.
    case save(String)
    /// `/mark TEXT`: a numbered divider in the transcript (and a `mark` event in the JSON records).
    case mark(String)
    /// `/ping [N]`: N pings in the UDP Pinger lab's format (10 unless told), then their statistics.
    case ping(Int)
    /// `/help`.
    case help
    /// `/quit`.
    case quit
    /// A command that cannot be carried out, with a one-line explanation.
    case invalid(String)

    /// How many pings `/ping N` sends at most.
    public static let pingCounts = 1...1000

    /// The commands, for `/help`: usage and what each does.
    public static let summary: [(usage: String, meaning: String)] = [
        ("/connect HOST[:PORT]", "talk to another server (IPv6: [::1]:12000); never kept in history"),
        ("/udp, /tcp, F2", "switch transport; replies still on their way keep being matched"),
        ("/timeout SECONDS", "how long before a UDP line counts as lost (TCP waits on)"),
        ("/clear", "empty the transcript (counters stay)"),
        ("/save FILE", "write the transcript to FILE: plain text, or one JSON object per event for FILE.jsonl"),
        ("/mark TEXT", "put a numbered divider in the transcript (a mark event in JSON)"),
        (
            "/ping [N]",
            "the UDP Pinger lab: N pings (10) \"Ping <seq> <time>\", each after the last one's reply or timeout, then the statistics"
        ),
        ("/help, /quit", "this help; leave (also Ctrl-C, or Ctrl-D on an empty line)"),
        ("//TEXT", "send a line that starts with /"),
    ]

    /// Parses a submitted line; `defaultPort` is used by `/connect` when no port is given.
    public static func parse(_ line: String, defaultPort: Int) -> ClientCommandLine {
        guard line.hasPrefix("/") else { return .send(line) }
        if line.hasPrefix("//") { return .send(String(line.dropFirst())) }
        let body = line.dropFirst()
        let name = body.prefix { !$0.isWhitespace }.lowercased()
        let argument = String(body.dropFirst(name.count)).trimmingWhitespace()
        switch name {
        case "connect":
            guard !argument.isEmpty else { return .invalid("/connect needs a server: /connect HOST[:PORT]") }
            switch Endpoint.read(argument, defaultPort: defaultPort) {
            case .success(let endpoint): return .connect(endpoint)
            case .failure(let error) where error.isAboutThePort: return .invalid(error.description)
            case .failure:
                return .invalid("'\(VisibleText.escape(argument))' is not HOST, HOST:PORT or [IPv6]:PORT")
            }
        case "udp", "tcp":
            guard argument.isEmpty else { return .invalid("/\(name) takes no argument") }
            return .transport(name == "udp" ? .udp : .tcp)
        case "timeout":
            guard let seconds = Double(argument), ReplyTimeout.accepts(seconds) else {
                return .invalid("/timeout needs a number of seconds above 0 and at most 3600, such as /timeout 0.5")
            }
            return .timeout(ReplyTimeout.duration(seconds: seconds))
        case "clear", "help", "quit":
            guard argument.isEmpty else { return .invalid("/\(name) takes no argument") }
            return name == "clear" ? .clear : name == "help" ? .help : .quit
        case "save":
            guard !argument.isEmpty else { return .invalid("/save needs a file name: /save FILE") }
            return .save(argument)
        case "mark":
            return .mark(argument)
        case "ping":
            if argument.isEmpty { return .ping(10) }
            guard let count = Int(argument), pingCounts.contains(count) else {
                return .invalid("/ping takes a number of pings from 1 to \(pingCounts.upperBound), such as /ping 10")
            }
            return .ping(count)
        default:
            let shown = VisibleText.escape(String(line.prefix { !$0.isWhitespace }))
            return .invalid("unknown command \(shown); /help lists the commands")
        }
    }

    /// Whether a submitted line may be kept in the history: `/connect` lines are not (they may carry host names
    /// or credentials a user would not want on disk).
    public static func belongsInHistory(_ line: String) -> Bool {
        !line.lowercased().hasPrefix("/connect")
    }
}
