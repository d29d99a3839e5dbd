import ShoutCore

/// The client's chat-style screen as pure state: keys, socket reports and clock ticks go in, effects come out
/// (`apply… -> [ClientScreenEffect]`), and `render(into:area:focused:ascii:)` paints it into any rectangle of a
/// screen buffer. No sockets, no terminal, no clock of its own: the host passes the time in.
///
/// Sockets: the screen keeps at most one socket per transport. Switching to TCP keeps the UDP socket open, so UDP
/// replies still on their way are matched (or time out) after the switch. Switching away from TCP closes the TCP
/// connection (as soon as no TCP line waits for its reply), because the textbook TCP server serves one client at a
/// time and an idle connection would keep every other client out. A TCP server that closes after every reply (the
/// textbook one) is reconnected to for the next line; a line that was not the first on a connection the server
/// closed without answering it is sent again on a new one.
///
/// Round trips start when the socket reports that a send was handed to it (`.sent`), not when the line was entered.
/// Every event is also kept as a ``ClientEventRecord`` for `/save FILE.jsonl` and, when `queuesRecords` is set, for
/// the host to append to its `--transcript` file (`takeNewRecords()`).
public struct ClientScreenState: Sendable {
    /// Where a socket is in its life.
    enum Phase: Equatable, Sendable {
        case opening
        case open
        /// Closed by the server; the word is shown in the status bar.
        case closed(String)
        /// Could not be opened or stopped working; the word is shown in the status bar.
        case failed(String)
    }

    /// The socket used for one transport.
    struct Slot: Sendable {
        var id: Int
        var phase: Phase
        /// Requests sent on it so far (a TCP request on a connection that already carried one may be resent).
        var carried = 0
        /// Requests sent on it whose send the socket has not yet stamped, by send number (from 1), oldest first.
        var unstamped: [(send: Int, request: Int)] = []
        /// Its own address and port, once open.
        var local: Endpoint?
        /// How long the TCP handshake took.
        var setup: Duration?
    }

    /// A line waiting for its socket to open.
    struct Outgoing: Sendable {
        var text: [UInt8]
        var isRetry: Bool
    }

    /// The transport new lines go over.
    public internal(set) var transport: Transport
    /// The server.
    public internal(set) var server: Endpoint
    /// How long a request waits for its reply before it counts as lost.
    public internal(set) var timeout: Duration
    /// Lines sent (a line sent again after a TCP reconnect counts once).
    public internal(set) var sentCount = 0
    /// Replies received in time.
    public internal(set) var replyCount = 0
    /// Requests lost: no reply in time, or the connection ended first.
    public internal(set) var lostCount = 0
    /// The round-trip time of the last reply.
    public internal(set) var lastRTT: Duration?
    /// The input line.
    public internal(set) var editor = LineEditor()
    /// Lines entered earlier.
    public internal(set) var history: InputHistory
    /// What happened, oldest first.
    public internal(set) var transcript: ScrollbackLog<TranscriptEntry>
    /// Goes up whenever anything visible changes (the host redraws when it moved).
    public internal(set) var revision = 0

    var matcher = ReplyMatcher()
    var slots: [Transport: Slot] = [:]
    var outbox: [Transport: [Outgoing]] = [:]
    /// TCP requests that may be sent again if their connection turns out to have been closed.
    var retryable: Set<Int> = []
    /// Transports that have had a connection to the current server (so the next one is a reconnect).
    var hasConnected: Set<Transport> = []
    /// A problem that colours the status of a transport until the next reply (port unreachable).
    var trouble: [Transport: String] = [:]
    var nextSocketID = 1
    /// Rows of the transcript at the last layout, for paging.
    var pageHeight = 10
    /// How the transcript was laid out at the last layout: scrolling moves by its rows, which wrap at its width.
    var transcriptLayout = TranscriptLayout(width: 80, ascii: false)
    /// The events of the transcript as records (for `/save FILE.jsonl`); emptied with the transcript by `/clear`.
    var records: RingBuffer<ClientEventRecord>
    /// Records not yet taken by the host (only while `queuesRecords`).
    var newRecords: [ClientEventRecord] = []
    /// Marks put in the transcript so far.
    public internal(set) var markCount = 0
    /// The text of the latest `/mark` (empty for none, or a mark without text).
    public internal(set) var lastMarkText = ""
    /// Whether every record is also queued for `takeNewRecords()`: set it when the host writes a transcript file
    /// and takes the records after every call, so the queue stays short.
    public var queuesRecords = false
    /// Where the host keeps the input history (for `/help`); nil when it keeps none.
    public var historyPath: String?

    /// A screen talking to `server` over `transport`; call `start(at:)` next.
    public init(
        server: Endpoint, transport: Transport = .udp, timeout: Duration = .seconds(1),
        history: InputHistory = InputHistory(), transcriptCapacity: Int = 10_000
    ) {
        self.server = server
        self.transport = transport
        self.timeout = timeout
        self.history = history
        self.transcript = ScrollbackLog(capacity: transcriptCapacity)
        self.records = RingBuffer(capacity: transcriptCapacity)
    }

    /// The first effects: opens the socket for the starting transport and greets the user.
    public mutating func start(at now: ClientMoment) -> [ClientScreenEffect] {
        note("talking to \(server) over \(transport.label); /help lists the commands and keys", at: now)
        return [openSocket(for: transport, at: now)]
    }

    /// Replaces the history (read from its file at start); `/connect` lines in it are dropped.
    public mutating func loadHistory(_ loaded: InputHistory) {
        history = InputHistory(
            entries: loaded.entries.filter(ClientCommandLine.belongsInHistory), capacity: loaded.capacity)
        revision += 1
    }

    /// Adds a line from the host (a saved file, a history problem) to the transcript.
    public mutating func notice(_ text: String, isProblem: Bool = false, at now: ClientMoment) {
        append(TranscriptEntry(time: now.wallClock, kind: isProblem ? .problem : .note, text: text), at: now)
    }

    /// Tells the screen the rectangle it will be drawn in, so paging moves by a screenful.
    public mutating func layout(area: Rect, ascii: Bool = false) {
        pageHeight = max(1, Self.transcriptHeight(for: area))
        transcriptLayout = TranscriptLayout(width: Self.transcriptWidth(for: area), ascii: ascii)
    }

    /// One key.
    public mutating func apply(key: Key, at now: ClientMoment) -> [ClientScreenEffect] {
        revision += 1
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
    mutating func submit(_ line: String, at now: ClientMoment) -> [ClientScreenEffect] {
        guard !line.isEmpty else { return [] }
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
            effects += send(Outgoing(text: Array(text.utf8), isRetry: false), over: transport, at: now)
        case .connect(let endpoint):
            effects += connect(to: endpoint, at: now)
        case .transport(let new):
            effects += switchTransport(to: new, at: now)
        case .timeout(let duration):
            timeout = duration
            note("a reply now counts as lost after \(DurationText.seconds(duration)) s", at: now)
        case .clear:
            transcript.clear()
            records.removeAll()
        case .save(let path):
            let asJSON = path.lowercased().hasSuffix(".jsonl")
            effects.append(.save(path: path, text: asJSON ? transcriptJSONLines : transcriptText))
        case .mark(let text):
            putMark(text, at: now)
        case .help:
            showHelp(at: now)
        case .quit:
            effects.append(.quit)
        case .invalid(let message):
            problem(message, at: now)
        }
        return effects
    }

    /// Switches the transport for new lines; opens its socket unless one is open already.
    mutating func switchTransport(to new: Transport, at now: ClientMoment) -> [ClientScreenEffect] {
        guard new != transport else {
            note("already sending over \(new.label)", at: now)
            return []
        }
        let old = transport
        transport = new
        note("switched to \(new.label)", at: now)
        var event = ClientEventRecord(time: now.date, event: .switch)
        event.transport = new
        event.server = server
        record(event)
        var effects = old == .tcp ? closeIdleTCP(at: now) : []
        if let slot = slots[new], slot.phase == .open || slot.phase == .opening { return effects }
        effects.append(openSocket(for: new, at: now))
        return effects
    }

    /// `/connect`: closes both sockets, gives up on what is in flight, and opens a socket to the new server.
    mutating func connect(to endpoint: Endpoint, at now: ClientMoment) -> [ClientScreenEffect] {
        var effects: [ClientScreenEffect] = slots.values.sorted { $0.id < $1.id }.map { .close(id: $0.id) }
        for (transport, slot) in slots.sorted(by: { $0.value.id < $1.value.id }) where slot.phase == .open {
            recordClose(transport, reason: "closed by client", at: now)
        }
        let abandoned = matcher.abandon(.udp).count + matcher.abandon(.tcp).count
        let unsent = outbox.values.reduce(0) { $0 + $1.count }
        slots = [:]
        outbox = [:]
        retryable = []
        hasConnected = []
        trouble = [:]
        server = endpoint
        if abandoned + unsent > 0 {
            note("stopped waiting for \(abandoned + unsent) line(s) to the previous server", at: now)
        }
        note("connecting to \(endpoint) over \(transport.label)", at: now)
        effects.append(openSocket(for: transport, at: now))
        return effects
    }

    /// The transcript as plain text, one line per entry, for `/save`.
    public var transcriptText: String {
        transcript.lines.map { $0.plainText + "\n" }.joined()
    }

    /// The connection's state for the status bar: `ready`, `connected`, `connecting…`, `refused`, …
    public func connectionState(of transport: Transport) -> String {
        guard let slot = slots[transport] else { return "not connected" }
        switch slot.phase {
        case .opening: return "connecting…"
        case .open: return trouble[transport] ?? (transport == .udp ? "ready" : "connected")
        case .closed(let word), .failed(let word): return word
        }
    }

    private mutating func showHelp(at now: ClientMoment) {
        note("keys: Enter sends · ↑/↓ history · F2 UDP/TCP · PgUp/PgDn scroll (Home/End on an empty line)", at: now)
        note("editing: ←/→ Home/End Ctrl-A/E · Alt-B/F or Ctrl-←/→ by word · Ctrl-U/K/W cut · Ctrl-Y paste", at: now)
        for (usage, meaning) in ClientCommandLine.summary { note(usage + "  " + meaning, at: now) }
        if let historyPath {
            note("history is kept in \(historyPath); /connect lines and lines starting with a space are never "
                + "stored", at: now)
        } else {
            note("history is not kept (neither XDG_STATE_HOME nor HOME is set)", at: now)
        }
    }

    /// Adds an entry at the bottom of the transcript.
    mutating func append(_ entry: TranscriptEntry, at now: ClientMoment) {
        transcript.append(entry)
        revision += 1
    }

    /// Adds a note (·).
    mutating func note(_ text: String, transport: Transport? = nil, at now: ClientMoment) {
        append(TranscriptEntry(time: now.wallClock, kind: .note, text: text, transport: transport), at: now)
    }

    /// Adds a problem line (✗).
    mutating func problem(_ text: String, transport: Transport? = nil, at now: ClientMoment) {
        append(TranscriptEntry(time: now.wallClock, kind: .problem, text: text, transport: transport), at: now)
    }
}
