import FoundationEssentials
import ServiceLifecycle
import ShoutCore
import ShoutServerNet

/// Writes the server's events to standard output, one line each, until the command's lifetime shuts it down
/// (SIGINT, SIGTERM, SIGHUP); the command then stops the server and writes ``summaryLine(_:format:)``.
///
/// The lines of lab ping and heartbeat datagrams carry their peer's Heartbeat figures (a ``HeartbeatTable`` kept
/// here), and a `peer-stopped` line says when such a peer has gone quiet for three of its intervals: the log then
/// wakes at that moment even when no event comes.
struct HeadlessServerLog {
    let server: ShoutServer
    let format: ServerEventFormatter.Format

    /// Runs the log until a graceful shutdown of the command's lifetime.
    func run() async {
        await LogService(server: server, format: format).run()
    }

    /// Drains the event channel in batches until it finishes.
    private struct LogService {
        let server: ShoutServer
        let format: ServerEventFormatter.Format

        func run() async {
            let server = server
            let local = Set(LocalAddresses.reachable(boundTo: nil))
            var beats = HeartbeatTable(isLocal: { local.contains($0) })
            await withGracefulShutdownHandler {
                while true {
                    let batch: EventChannel<ServerEvent>.Batch?
                    if let stop = beats.nextStop {
                        let wait = max(0.001, stop.timeIntervalSinceNow)
                        batch = await server.events.next(timeout: .milliseconds(Int64((wait * 1000).rounded(.up))))
                    } else {
                        batch = await server.events.next()
                    }
                    guard let batch else { break }
                    var text = ""
                    if batch.dropped > 0 {
                        text += ServerEventFormatter.missedLine(batch.dropped, format: format) + "\n"
                    }
                    for event in batch.events {
                        text += ServerEventFormatter.line(event, format: format, heartbeat: beats.observe(event)) + "\n"
                    }
                    for (peer, beat) in beats.newlyStopped(at: Date()) {
                        text += ServerEventFormatter.stoppedLine(
                            peer: peer,
                            heartbeat: beat,
                            at: Date(),
                            format: format
                        )
                        text += "\n"
                    }
                    if !text.isEmpty { StandardStreams.writeOutput(text) }
                    // Let events gather: the log wakes at most ~50 times a second, never once per event.
                    try? await Task.sleep(for: .milliseconds(20))
                }
            } onGracefulShutdown: {
                // The log drains what is queued and ends; the command then stops the server.
                server.events.finish()
            }
        }
    }

    /// The last line: the server's totals once it has stopped.
    static func summaryLine(_ totals: ServerCounters.Snapshot, format: ServerEventFormatter.Format) -> String {
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
