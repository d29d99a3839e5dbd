import ShoutCore
import ShoutUI

/// Connects the client screen to its `--transcript` file: opens it when the screen starts, then appends the
/// screen's new records after every step. A file that cannot be opened or written is one line in the transcript,
/// once, and the screen goes on without it.
final class TranscriptRecorder {
    private let path: String?
    private var file: TranscriptFile?

    /// A recorder for the file at `path`; nil records nothing.
    init(path: String?) {
        self.path = path
    }

    /// Opens the file and has `state` queue its records for it; says in the transcript what happened.
    func start(_ state: inout ClientScreenState, at moment: Moment) {
        guard let path else { return }
        do {
            let opened = try TranscriptFile(path: path)
            file = opened
            state.queuesRecords = true
            state.apply(
                .notice("appending every event to \(VisibleText.escape(opened.path)) as JSON lines", isProblem: false),
                at: moment
            )
        } catch {
            state.apply(.notice(error.description + " Events are not recorded.", isProblem: true), at: moment)
        }
    }

    /// Appends the records `state` queued since the last call.
    func write(_ state: inout ClientScreenState, at moment: Moment) {
        guard let file else { return }
        for record in state.takeNewRecords() {
            do {
                try file.append(record)
            } catch {
                self.file = nil
                state.queuesRecords = false
                state.apply(.notice(error.description + " Events are no longer recorded.", isProblem: true), at: moment)
                return
            }
        }
    }
}
