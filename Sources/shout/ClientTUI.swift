import Foundation
import NIOCore
import ShoutCore
import ShoutUI

/// The client's full-screen program: the pure ``ClientScreenState`` wired to real sockets, the history file and
/// the file system. ``TerminalRunner`` calls it on the UI thread; sockets run in tasks of their own
/// (``ClientSocketWorker``) and report through `reports`, which `step` drains once a frame.
final class ClientTUI: TerminalApp {
    private var state: ClientScreenState
    private let reports = EventChannel<(socket: Int, report: ClientSocketReport)>(capacity: 4096)
    private var workers: [Int: ClientSocketWorker] = [:]
    private let group: any EventLoopGroup
    private let historyFile: HistoryFile?
    private var started = false
    private var quitting = false
    private var historyWriteFailed = false
    private var renderedRevision = -1
    /// Notes from the program (a port that had to change) for the transcript's first lines.
    private var startNotes: [String] = []
    /// The `--transcript` file, if any.
    private let recorder: TranscriptRecorder

    init(server: Endpoint, transport: Transport, timeout: Duration, group: any EventLoopGroup,
         historyFile: HistoryFile?, transcriptPath: String? = nil) {
        state = ClientScreenState(server: server, transport: transport, timeout: timeout)
        state.historyPath = historyFile?.path
        self.group = group
        self.historyFile = historyFile
        recorder = TranscriptRecorder(path: transcriptPath)
    }

    func step(keys: [Key], now: Date) -> Bool {
        let moment = ClientMoment(instant: .now, wallClock: Timestamp.clock(now), date: now)
        // Whatever happens in this step is in the transcript file before the step ends.
        defer { recorder.write(&state, at: moment) }
        if !started {
            started = true
            recorder.start(&state, at: moment)
            loadHistory(at: moment)
            execute(state.start(at: moment), at: moment)
            for note in startNotes { state.notice(note, at: moment) }
        }
        for key in keys where !quitting {
            execute(state.apply(key: key, at: moment), at: moment)
        }
        let batch = reports.drain()
        for (socket, report) in batch.events {
            execute(state.apply(report: report, socket: socket, at: moment), at: moment)
        }
        if batch.dropped > 0 {
            state.notice("\(batch.dropped) network events were dropped (too many at once)", isProblem: true,
                         at: moment)
        }
        execute(state.tick(at: moment), at: moment)
        return !quitting
    }

    var needsRender: Bool { state.revision != renderedRevision }

    /// Puts `text` in the transcript's first lines, after the greeting.
    func note(_ text: String) { startNotes.append(text) }

    /// Marks put so far, and the latest one's text (the demo shows a mark on both halves).
    var marks: (count: Int, lastText: String) { (state.markCount, state.lastMarkText) }

    /// Puts a mark into the transcript (and the `--transcript` file), as `/mark TEXT` does.
    func mark(_ text: String, now: Date) {
        let moment = ClientMoment(instant: .now, wallClock: Timestamp.clock(now), date: now)
        state.putMark(text, at: moment)
        recorder.write(&state, at: moment)
    }

    func render(into buffer: inout ScreenBuffer, ascii: Bool) {
        state.layout(area: buffer.bounds, ascii: ascii)
        state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: ascii)
        renderedRevision = state.revision
    }

    func finish() {
        for worker in workers.values { worker.close() }
        workers.removeAll()
    }

    private func loadHistory(at moment: ClientMoment) {
        guard let historyFile else {
            state.notice("neither XDG_STATE_HOME nor HOME is set: history is not kept", at: moment)
            return
        }
        let (history, problem) = historyFile.load()
        state.loadHistory(history)
        if let problem { state.notice(problem, isProblem: true, at: moment) }
    }

    private func execute(_ effects: [ClientScreenEffect], at moment: ClientMoment) {
        for effect in effects {
            switch effect {
            case .open(let id, let transport, let server):
                workers[id] = ClientSocketWorker(
                    id: id, transport: transport, server: server, group: group, reports: reports)
            case .send(let id, let line):
                if let worker = workers[id] {
                    worker.send(line: line)
                } else {
                    reports.send((id, .sendFailed(ClientSocketError(.other, "The socket is gone; send the line again."))))
                }
            case .close(let id):
                workers.removeValue(forKey: id)?.close()
            case .save(let path, let text):
                save(text, to: path, at: moment)
            case .persistHistory(let text):
                persistHistory(text, at: moment)
            case .quit:
                quitting = true
            }
        }
    }

    private func save(_ text: String, to path: String, at moment: ClientMoment) {
        let expanded = NSString(string: path).expandingTildeInPath
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: expanded), options: .atomic)
            let lines = text.split(separator: "\n").count
            state.notice("saved \(lines) line\(lines == 1 ? "" : "s") to \(VisibleText.escape(expanded))", at: moment)
        } catch {
            state.notice("cannot save to \(VisibleText.escape(expanded)): \(Self.reason(error))", isProblem: true,
                         at: moment)
        }
    }

    private func persistHistory(_ text: String, at moment: ClientMoment) {
        guard let historyFile, !historyWriteFailed else { return }
        do {
            try historyFile.save(text)
        } catch {
            // Said once: a read-only home should not fill the transcript with the same line.
            historyWriteFailed = true
            state.notice(String(describing: error), isProblem: true, at: moment)
        }
    }

    /// A short reason for a file error, without Foundation's long error dump.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message).lowercased()
        }
        switch nsError.code {
        case NSFileNoSuchFileError, NSFileWriteNoPermissionError, NSFileWriteFileExistsError:
            return nsError.localizedDescription
        default:
            return "the file could not be written"
        }
    }
}
