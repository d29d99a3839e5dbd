import FoundationEssentials
import ServiceLifecycle
import ShoutCore
import ShoutServerNet
import ShoutWire

/// Writes the server's events to standard output, one line each, until the command's lifetime shuts it down
/// (SIGINT, SIGTERM, SIGHUP); the command then stops the server and writes ``summaryLine(_:format:)``.
///
/// The lines of lab ping and heartbeat datagrams carry their peer's Heartbeat figures (a ``HeartbeatTable`` kept
/// here), and a `peer-stopped` line says when such a peer has gone quiet for three of its intervals: the log then
/// wakes at that moment even when no event comes.
///
/// With `--grade`, a pinging peer's lines carry its verdict (a ``LiveGradeTable`` kept here), and a `graded` line
/// says when it is settled, by its datagrams or by a silence (the log wakes for that too).
///
/// With `--wire`, the capture's `segment` lines go in among the events, in the order of their times; the log then
/// wakes at least every 50 ms to drain the capture.
struct HeadlessServerLog {
    let server: ShoutServer
    let format: ServerEventFormatter.Format
    var wire: WireCapture?
    /// Whether the server grades pinging peers (`--grade`).
    var grade = false

    /// Runs the log until a graceful shutdown of the command's lifetime.
    func run() async {
        await LogService(server: server, format: format, wire: wire, grade: grade).run()
    }

    /// Drains the event channel in batches until it finishes.
    private struct LogService {
        let server: ShoutServer
        let format: ServerEventFormatter.Format
        let wire: WireCapture?
        let grade: Bool

        func run() async {
            let server = server
            let local = Set(LocalAddresses.reachable(boundTo: nil))
            var beats = HeartbeatTable(isLocal: { local.contains($0) })
            var grades = grade ? LiveGradeTable(isLocal: { local.contains($0) }) : nil
            // Lines not written yet: with --wire, a line waits until nothing earlier can still come (the capture
            // reads a packet a moment after the server's event about it, or before), then goes out in time order.
            var held: [(time: Date, text: String)] = []
            await withGracefulShutdownHandler {
                while true {
                    let batch: EventChannel<ServerEvent>.Batch?
                    let wake = [beats.nextStop, grades?.nextSettling].compactMap { $0 }.min()
                    var wait: Double? = wake.map { max(0.001, $0.timeIntervalSinceNow) }
                    if wire != nil { wait = min(wait ?? 0.05, 0.05) }
                    if let wait {
                        batch = await server.events.next(timeout: .milliseconds(Int64((wait * 1000).rounded(.up))))
                    } else {
                        batch = await server.events.next()
                    }
                    let segments = wire?.records.drain()
                    guard let batch else {
                        for record in segments?.events ?? [] {
                            held.append((record.time, WireFormatter.line(record, format: format)))
                        }
                        let rest = takeAll(&held)
                        if !rest.isEmpty { StandardStreams.writeOutput(rest.map { $0 + "\n" }.joined()) }
                        break
                    }
                    var text = ""
                    if batch.dropped > 0 {
                        text += ServerEventFormatter.missedLine(batch.dropped, format: format) + "\n"
                    }
                    if let segments, segments.dropped > 0 {
                        text += WireFormatter.missedLine(segments.dropped, format: format) + "\n"
                    }
                    for event in batch.events {
                        let line = ServerEventFormatter.line(
                            event,
                            format: format,
                            heartbeat: beats.observe(event),
                            grade: grades?.observe(event)
                        )
                        held.append((event.time, line))
                    }
                    for record in segments?.events ?? [] {
                        held.append((record.time, WireFormatter.line(record, format: format)))
                    }
                    // After the lines of the datagrams that settled them.
                    let now = Date()
                    for (peer, verdict) in grades?.newlySettled(at: now) ?? [] {
                        held.append(
                            (
                                now,
                                ServerEventFormatter.gradedLine(peer: peer, verdict: verdict, at: now, format: format)
                            )
                        )
                    }
                    if wire == nil {
                        // No other source: the events in the channel's order, as they came.
                        for line in held { text += line.text + "\n" }
                        held.removeAll(keepingCapacity: true)
                    } else {
                        for line in takeSettled(&held) { text += line + "\n" }
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

        /// How long a line waits for the lines of other sources that may come before it.
        private static let settling = 0.04

        /// The lines at least ``settling`` old, in time order (stable), taken out of `held`.
        private func takeSettled(_ held: inout [(time: Date, text: String)]) -> [String] {
            let cutoff = Date().addingTimeInterval(-Self.settling)
            let ordered = held.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
                .map(\.element)
            let settled = ordered.prefix { $0.time <= cutoff }
            held = Array(ordered.dropFirst(settled.count))
            return settled.map(\.text)
        }

        /// Every held line, in time order.
        private func takeAll(_ held: inout [(time: Date, text: String)]) -> [String] {
            let ordered = held.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            held = []
            return ordered.map(\.element.text)
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
