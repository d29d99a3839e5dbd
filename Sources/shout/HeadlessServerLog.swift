import ServiceLifecycle
import ShoutCore
import ShoutNet

/// Writes the server's events to standard output, one line each, until the command's lifetime shuts it down
/// (SIGINT, SIGTERM, SIGHUP); then stops the server and writes a one-line summary.
struct HeadlessServerLog {
    let server: ShoutServer
    let format: ServerEventFormatter.Format

    /// Runs the log until a graceful shutdown of the command's lifetime.
    func run() async throws {
        try await LogService(server: server, format: format).run()
    }

    /// Drains the event channel in batches until it finishes.
    private struct LogService {
        let server: ShoutServer
        let format: ServerEventFormatter.Format

        func run() async throws {
            let server = server
            await withGracefulShutdownHandler {
                while let batch = await server.events.next() {
                    var text = ""
                    if batch.dropped > 0 {
                        text += ServerEventFormatter.missedLine(batch.dropped, format: format) + "\n"
                    }
                    for event in batch.events { text += ServerEventFormatter.line(event, format: format) + "\n" }
                    StandardStreams.writeOutput(text)
                    // Let events gather: the log wakes at most ~50 times a second, never once per event.
                    try? await Task.sleep(for: .milliseconds(20))
                }
            } onGracefulShutdown: {
                Task { await server.stop() }
            }
            StandardStreams.writeOutput(summaryLine() + "\n")
        }

        private func summaryLine() -> String {
            let totals = server.counters.snapshot
            switch format {
            case .text:
                return "stopped: " + totals.summary
            case .json:
                var json = JSONLine()
                json.add("event", "stopped")
                json.add("received", totals.received)
                json.add("replied", totals.replied)
                json.add("bytes_in", totals.bytesIn)
                json.add("bytes_out", totals.bytesOut)
                json.add("dropped", totals.dropped)
                json.add("connections", totals.connectionsAccepted)
                json.add("refused_connections", totals.connectionsRefused)
                return json.text
            }
        }
    }
}
