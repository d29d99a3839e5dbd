import FoundationEssentials
import NIOCore
import ShoutClientNet
import ShoutCore
import ShoutUI
import ShoutWire

/// The client's full-screen program: the pure ``ClientScreenState`` wired to real sockets, the history file and
/// the file system. ``TerminalRunner`` calls it on the UI thread; the session's socket effects go to a
/// ``ClientSocketPool`` (a socket opens in a task of its own, and a line is handed to its open socket at once), and the
/// sockets report through `reports`, which each frame drains. As half of the demo, its frame returns the marks put in
/// it (``DemoHalf``).
///
/// With `--wire`, the capture of the server's port reads on a thread of its own; each frame takes what it read in one
/// batch (bounded by the capture's channel), after the sockets' reports, so the screen knows the sockets a packet may
/// be from (``ClientWireFilter``). As half of the demo, the server's half drains the demo's capture and hands the
/// records on (``wire(_:)``).
final class ClientTUI: DemoHalf {
    private var state: ClientScreenState
    private let reports = EventChannel<(socket: Int, report: ClientSocketReport)>(capacity: 4096)
    /// The sockets the session asked for.
    private var sockets: ClientSocketPool
    private let historyFile: HistoryFile?
    private var started = false
    private var quitting = false
    private var historyWriteFailed = false
    /// Notes from the program (a port that had to change, a capture that could not start) for the transcript's first
    /// lines, each with whether it is a problem.
    private var startNotes: [(text: String, isProblem: Bool)] = []
    /// The capture of `--wire` this screen drains itself (none in the demo, whose server half drains it).
    private(set) var capture: WireCapture?
    /// Records handed over since the last frame, and the packets the capture could not show.
    private var wireInbox: (records: [WireRecord], missed: Int) = ([], 0)
    /// The `--transcript` file, if any.
    private let recorder: TranscriptRecorder

    init(
        server: Endpoint,
        transport: Transport,
        timeout: Duration,
        group: any EventLoopGroup,
        historyFile: HistoryFile?,
        transcriptPath: String? = nil
    ) {
        state = ClientScreenState(server: server, transport: transport, timeout: timeout)
        state.historyPath = historyFile?.path
        sockets = ClientSocketPool(group: group, reports: reports)
        self.historyFile = historyFile
        recorder = TranscriptRecorder(path: transcriptPath)
    }

    func frame(keys: [Key], now: Date) -> ScreenFrame {
        let moment = Moment(date: now)
        var frame = ScreenFrame()
        // Whatever happens in this step is in the transcript file before the step ends.
        defer { recorder.write(&state, at: moment) }
        if !started {
            started = true
            recorder.start(&state, at: moment)
            loadHistory(at: moment)
            execute(state.apply(.start, at: moment), at: moment, marks: &frame.marks)
            for note in startNotes { state.apply(.notice(note.text, isProblem: note.isProblem), at: moment) }
        }
        for key in keys where !quitting {
            execute(state.apply(.key(key), at: moment), at: moment, marks: &frame.marks)
        }
        let batch = reports.drain()
        // Read after the reports arrived: the kernel took a packet that led to one (a reply's segment) before it, so
        // the packet's line goes before the report's.
        let arrived = Moment(date: Date())
        for (socket, report) in batch.events {
            execute(state.apply(.report(report, socket: socket), at: arrived), at: arrived, marks: &frame.marks)
        }
        if batch.dropped > 0 {
            let text = "\(batch.dropped) network events were dropped (too many at once)"
            state.apply(.notice(text, isProblem: true), at: arrived)
        }
        takeWire(at: arrived)
        execute(state.apply(.tick, at: arrived), at: arrived, marks: &frame.marks)
        frame.goesOn = !quitting
        return frame
    }

    var needsRender: Bool { state.needsRender }

    func resize(width: Int, height: Int) {
        state.apply(.resize(width: width, height: height), at: .now())
    }

    /// Puts `text` in the transcript's first lines, after the greeting.
    func note(_ text: String, isProblem: Bool = false) { startNotes.append((text, isProblem)) }

    /// Shows the client's own packets in the transcript: those `capture` reads (of the server's port), or, with none,
    /// those handed over with ``wire(_:)``.
    func showWire(from capture: WireCapture?) {
        self.capture = capture
        state.wire = ClientWireFilter()
    }

    /// Records of the server's port read elsewhere (the demo's capture), for the next frame.
    func wire(_ records: [WireRecord]) {
        guard state.wire != nil else { return }
        wireInbox.records += records
    }

    /// Stops the capture, if this screen has one, and waits until its thread has closed its sockets.
    func stopWire() async {
        await capture?.stop()
    }

    /// Hands the capture's records (and those handed over) to the screen; a capture of a port the client no longer
    /// talks to (after `/connect HOST:PORT`) is replaced by one of the new port.
    private func takeWire(at moment: Moment) {
        guard state.wire != nil else { return }
        if let capture {
            let batch = capture.records.drain()
            wireInbox.records += batch.events
            wireInbox.missed += batch.dropped
            if capture.port != state.server.port { follow(port: state.server.port, from: capture, at: moment) }
        }
        state.apply(.wire(wireInbox.records, missed: wireInbox.missed), at: moment)
        wireInbox = ([], 0)
    }

    private func follow(port: Int, from old: WireCapture, at moment: Moment) {
        Task { await old.stop() }
        do {
            capture = try WireCapture.start(port: port)
        } catch {
            capture = nil
            state.apply(.notice(error.sentence(for: "client"), isProblem: true), at: moment)
        }
    }

    /// Puts a mark made on the demo's other half into the transcript (and the `--transcript` file).
    func mark(_ text: String, now: Date) {
        let moment = Moment(date: now)
        state.apply(.mark(text), at: moment)
        recorder.write(&state, at: moment)
    }

    func render(into buffer: inout ScreenBuffer, ascii: Bool) {
        state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: ascii)
        state.markRendered()
    }

    func finish() {
        sockets.closeAll()
    }

    private func loadHistory(at moment: Moment) {
        guard let historyFile else {
            state.apply(
                .notice("neither XDG_STATE_HOME nor HOME is set: history is not kept", isProblem: false),
                at: moment
            )
            return
        }
        let (history, problem) = historyFile.load()
        state.loadHistory(history)
        if let problem { state.apply(.notice(problem, isProblem: true), at: moment) }
    }

    /// Carries out a step's effects; the marks among them are added to `marks`, for the frame to return.
    private func execute(_ effects: [ClientScreenEffect], at moment: Moment, marks: inout [String]) {
        for effect in effects {
            switch effect {
            case .session(let effect):
                sockets.carryOut(effect)
            case .save(let path, let text):
                save(text, to: path, at: moment)
            case .persistHistory(let text):
                persistHistory(text, at: moment)
            case .marked(let text):
                marks.append(text)
            case .quit:
                quitting = true
            }
        }
    }

    private func save(_ text: String, to path: String, at moment: Moment) {
        let expanded = LocalFile.expandingTilde(path)
        do {
            try LocalFile.writeAtomically(Array(text.utf8), to: expanded)
            let lines = text.split(separator: "\n").count
            state.apply(
                .notice(
                    "saved \(lines) line\(lines == 1 ? "" : "s") to \(VisibleText.escape(expanded))",
                    isProblem: false
                ),
                at: moment
            )
        } catch {
            state.apply(
                .notice("cannot save to \(VisibleText.escape(expanded)): \(error)", isProblem: true),
                at: moment
            )
        }
    }

    private func persistHistory(_ text: String, at moment: Moment) {
        guard let historyFile, !historyWriteFailed else { return }
        do {
            try historyFile.save(text)
        } catch {
            // Said once: a read-only home should not fill the transcript with the same line.
            historyWriteFailed = true
            state.apply(.notice(String(describing: error), isProblem: true), at: moment)
        }
    }
}
