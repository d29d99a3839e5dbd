import FoundationEssentials
import ShoutCore

/// The client's chat-style screen as pure state: a view over a ``ClientSession``. Keys, socket reports and clock
/// ticks go in, effects come out (`apply… -> [ClientScreenEffect]`), and `render(into:area:focused:ascii:)` paints
/// it into any rectangle of a screen buffer. No sockets, no terminal, no clock of its own: the host passes the time
/// in. The session decides what happens on the network and to each line; the screen turns its typed outcomes into
/// transcript lines (`+Outcomes`), and keeps the input line, the history and the transcript's scrolling.
public struct ClientScreenState: Sendable {
    /// The conversation with the server: sockets, lines in flight, counters and records.
    public internal(set) var session: ClientSession
    /// The input line.
    public internal(set) var editor = LineEditor()
    /// Lines entered earlier.
    public internal(set) var history: InputHistory
    /// What happened, oldest first.
    public internal(set) var transcript: ScrollbackLog<TranscriptEntry>
    /// Whether something visible changed since ``markRendered()``.
    public internal(set) var needsRender = true
    /// Rows of the transcript at the last layout, for paging.
    var pageHeight = 10
    /// How the transcript was laid out at the last layout: scrolling moves by its rows, which wrap at its width.
    var transcriptLayout = TranscriptLayout(width: 80, ascii: false)
    /// Marks put in the transcript so far.
    public internal(set) var markCount = 0
    /// The text of the latest `/mark` (empty for none, or a mark without text).
    public internal(set) var lastMarkText = ""
    /// Where the host keeps the input history (for `/help`); nil when it keeps none.
    public var historyPath: String?
    /// The `/ping` under way, if any.
    public internal(set) var ping: PingRun?
    /// With `--wire`: which packets of the capture are the client's own (its sockets' ends, learnt as they open);
    /// nil without a capture.
    public var wire: ClientWireFilter?
    /// Whether the transcript said that the capture left packets out (said once).
    var saidWireMissed = false

    /// The transport new lines go over.
    public var transport: Transport { session.transport }
    /// The server.
    public var server: Endpoint { session.server }
    /// How long a request waits for its reply before it counts as lost.
    public var timeout: Duration { session.timeout }
    /// Lines sent (a line sent again after a TCP reconnect counts once).
    public var sentCount: Int { session.sentCount }
    /// Replies received in time.
    public var replyCount: Int { session.replyCount }
    /// Requests lost: no reply in time, or the connection ended first.
    public var lostCount: Int { session.lostCount }
    /// The round-trip time of the last reply.
    public var lastRTT: Duration? { session.lastRTT }
    /// Whether every record is also queued for `takeNewRecords()` (the host writes a transcript file).
    public var queuesRecords: Bool {
        get { session.queuesRecords }
        set { session.queuesRecords = newValue }
    }

    /// A screen talking to `server` over `transport`; call `start(at:)` next.
    public init(
        server: Endpoint,
        transport: Transport = .udp,
        timeout: Duration = .seconds(1),
        history: InputHistory = InputHistory(),
        transcriptCapacity: Int = 10_000
    ) {
        self.session = ClientSession(
            server: server,
            transport: transport,
            timeout: timeout,
            recordCapacity: transcriptCapacity
        )
        self.history = history
        self.transcript = ScrollbackLog(capacity: transcriptCapacity)
        session.kernelRefresh = Self.kernelRefresh
    }

    /// How often the kernel is asked about the TCP connection while it is open, for the status bar's RTT and
    /// retransmissions.
    public static let kernelRefresh: Duration = .seconds(1)

    /// Applies one input at `now` and returns what the host should do.
    @discardableResult
    public mutating func apply(_ input: ClientScreenInput, at now: Moment) -> [ClientScreenEffect] {
        switch input {
        case .start: return start(at: now)
        case .key(let key): return apply(key: key, at: now)
        case .report(let report, let socket): return apply(report: report, socket: socket, at: now)
        case .tick: return tick(at: now)
        case .resize(let width, let height):
            layout(area: Rect(x: 0, y: 0, width: width, height: height))
        case .mark(let text):
            putMark(text, at: now)
        case .notice(let text, let isProblem):
            notice(text, isProblem: isProblem, at: now)
        case .wire(let records, let missed):
            applyWire(records, missed: missed, at: now)
        }
        return []
    }

    /// Records that the current state has been drawn.
    public mutating func markRendered() { needsRender = false }

    /// The first effects: opens the socket for the starting transport and greets the user.
    mutating func start(at now: Moment) -> [ClientScreenEffect] {
        note("talking to \(server) over \(transport.label); /help lists the commands and keys", at: now)
        return show(session.start(at: now), at: now)
    }

    /// Replaces the history (read from its file at start); `/connect` lines in it are dropped.
    public mutating func loadHistory(_ loaded: InputHistory) {
        history = InputHistory(
            entries: loaded.entries.filter(ClientCommandLine.belongsInHistory),
            capacity: loaded.capacity
        )
        needsRender = true
    }

    /// Adds a line from the host (a saved file, a history problem) to the transcript.
    mutating func notice(_ text: String, isProblem: Bool = false, at now: Moment) {
        append(TranscriptEntry(time: now.wallClock, kind: isProblem ? .problem : .note, text: text), at: now)
    }

    /// Takes the size of the area it will be drawn in, so paging moves by a screenful and scrolling by its rows.
    mutating func layout(area: Rect) {
        let height = max(1, Self.transcriptHeight(for: area))
        let width = Self.transcriptWidth(for: area)
        guard height != pageHeight || width != transcriptLayout.width else { return }
        pageHeight = height
        transcriptLayout = TranscriptLayout(width: width, ascii: false)
        needsRender = true
    }

    /// One key.
    mutating func apply(key: Key, at now: Moment) -> [ClientScreenEffect] {
        needsRender = true
        switch key {
        case .control("c"): return [.quit]
        case .control("d") where editor.isEmpty: return [.quit]
        case .function(2): return switchTransport(to: transport.toggled, at: now)
        case .pageUp: transcript.pageUp(height: pageHeight, rows: transcriptLayout.rowCount)
        case .pageDown: transcript.pageDown(height: pageHeight, rows: transcriptLayout.rowCount)
        // Home and End move in the input line when there is one; on an empty line they scroll the transcript.
        case .home where editor.isEmpty: transcript.home(height: pageHeight, rows: transcriptLayout.rowCount)
        case .end where editor.isEmpty: transcript.end()
        default:
            switch editor.apply(key) {
            case .submit(let line): return submit(line, at: now)
            case .historyUp:
                if let entry = history.previous(current: editor.text) { editor.setText(entry) }
            case .historyDown:
                if let entry = history.next() { editor.setText(entry) }
            case .unhandled, nil:
                break
            }
        }
        return []
    }

    /// A line submitted with Enter: a command, or a line to send.
    mutating func submit(_ line: String, at now: Moment) -> [ClientScreenEffect] {
        guard !line.isEmpty else { return [] }
        // What the line brings (the line sent, a command's answer) shows at the bottom: a reader who scrolled up
        // and then typed is taken back there.
        transcript.end()
        var effects: [ClientScreenEffect] = []
        if ClientCommandLine.belongsInHistory(line) {
            let before = history.entries
            history.add(line)
            if history.entries != before { effects.append(.persistHistory(text: history.encode())) }
        } else {
            history.resetWalk()
        }
        switch ClientCommandLine.parse(line, defaultPort: server.port) {
        case .send(let text):
            effects += show(session.send(Array(text.utf8), at: now), at: now)
        case .connect(let endpoint):
            effects += show(session.connect(to: endpoint, at: now), at: now)
        case .transport(let new):
            effects += switchTransport(to: new, at: now)
        case .timeout(let duration):
            effects += show(session.setTimeout(duration), at: now)
        case .clear:
            transcript.clear()
            session.clearRecords()
        case .save(let path):
            let asJSON = path.lowercased().hasSuffix(".jsonl")
            effects.append(.save(path: path, text: asJSON ? transcriptJSONLines : transcriptText))
        case .mark(let text):
            putMark(text, at: now)
            effects.append(.marked(text))
        case .ping(let count):
            effects += startPing(count: count, at: now)
        case .help:
            showHelp(at: now)
        case .quit:
            effects.append(.quit)
        case .invalid(let message):
            problem(message, at: now)
        }
        return effects
    }

    /// Switches the transport for new lines (F2, `/udp`, `/tcp`).
    mutating func switchTransport(to new: Transport, at now: Moment) -> [ClientScreenEffect] {
        show(session.switchTransport(to: new, at: now), at: now)
    }

    /// The transcript as plain text, one line per entry, for `/save`.
    public var transcriptText: String {
        transcript.lines.map { $0.plainText + "\n" }.joined()
    }

    /// The connection's state for the status bar: `ready`, `connected`, `connecting…`, `refused`, …
    public func connectionState(of transport: Transport) -> String {
        session.connectionState(of: transport)
    }

    private mutating func showHelp(at now: Moment) {
        note("keys: Enter sends · ↑/↓ history · F2 UDP/TCP · PgUp/PgDn scroll (Home/End on an empty line)", at: now)
        note("editing: ←/→ Home/End Ctrl-A/E · Alt-B/F or Ctrl-←/→ by word · Ctrl-U/K/W cut · Ctrl-Y paste", at: now)
        for (usage, meaning) in ClientCommandLine.summary { note(usage + "  " + meaning, at: now) }
        if let historyPath {
            note(
                "history is kept in \(historyPath); /connect lines and lines starting with a space are never "
                    + "stored",
                at: now
            )
        } else {
            note("history is not kept (neither XDG_STATE_HOME nor HOME is set)", at: now)
        }
    }

    /// Adds an entry at the bottom of the transcript, stamped with `now` (a packet goes among the entries by it).
    mutating func append(_ entry: TranscriptEntry, at now: Moment) {
        var entry = entry
        if entry.date == nil { entry.date = now.date }
        transcript.append(entry)
        needsRender = true
    }

    /// Adds a note (·).
    mutating func note(_ text: String, transport: Transport? = nil, at now: Moment) {
        append(TranscriptEntry(time: now.wallClock, kind: .note, text: text, transport: transport), at: now)
    }

    /// Adds a problem line (✗).
    mutating func problem(_ text: String, transport: Transport? = nil, at now: Moment) {
        append(TranscriptEntry(time: now.wallClock, kind: .problem, text: text, transport: transport), at: now)
    }
}
