import FoundationEssentials
import NIOCore
import ShoutClientNet
import ShoutCore

/// The loop of `shout ping`: drives a ``ClientSession`` (sockets, matching, timeouts, TCP reconnects) and a
/// ``PingRun`` (the messages, the results, the statistics), carries out the session's socket effects through a
/// ``ClientSocketPool``, and prints each ping's result and the statistics, as text or JSON lines.
///
/// Pings go out `interval` apart whatever the replies do, as in ping(8); after the last one is settled it listens for
/// late replies for one more `timeout`, at least a second (``linger``), and stops early once none is missing.
struct PingClient {
    let server: Endpoint
    let transport: Transport
    /// The pings to send (count, size), not started yet.
    let pings: PingRun
    let interval: Duration
    let timeout: Duration
    let json: Bool
    let group: any EventLoopGroup

    /// How long it listens for late replies after the last ping is settled.
    var linger: Duration { max(timeout, .seconds(1)) }

    /// How long the loop waits at most before it looks at `interrupted` again.
    private static let pollLimit = Duration.milliseconds(100)

    /// Pings until done or `interrupted` says so; prints the statistics either way and returns them. Throws when the
    /// first ping's socket cannot be opened (refused, host not found), having printed nothing but the header; a
    /// later socket that cannot be opened (a TCP server gone between pings) ends the run, which says so.
    func run(interrupted: () -> Bool) async throws -> PingStatistics {
        var session = ClientSession(server: server, transport: transport, timeout: timeout, recordCapacity: 1)
        var run = pings
        let reports = EventChannel<(socket: Int, report: ClientSocketReport)>(capacity: 4096)
        var sockets = ClientSocketPool(group: group, reports: reports)
        defer { sockets.closeAll() }
        var saidReconnects = false

        func carryOut(_ step: ClientSessionStep) throws {
            for outcome in step.outcomes {
                // A first socket that cannot be opened is the command's error; a later one (a TCP server gone
                // between pings) stops the run, whose statistics are printed.
                if case .openFailed(_, let error, _) = outcome, run.statistics.sent == 0 { throw error }
                if case .openFailed(_, let error, _) = outcome { StandardStreams.writeError(error.description) }
                if case .ready(.tcp, _, _, _, true) = outcome, !saidReconnects {
                    saidReconnects = true
                    note("the server closed the connection after its reply: one TCP connection per ping")
                }
                if let result = run.take(outcome) {
                    StandardStreams.writeOutput((json ? result.json : result.line(from: server.description)) + "\n")
                }
                if case .openFailed = outcome, let ended = run.endedSentence { note(ended) }
            }
            for effect in step.effects { sockets.carryOut(effect) }
        }

        if !json {
            let apart = NumberText.duration(interval)
            let waits = NumberText.duration(timeout)
            StandardStreams.writeOutput(
                "PING \(server) over \(transport.label): \(run.count) ping\(run.count == 1 ? "" : "s") "
                    + "\"Ping <seq> <time>\", "
                    + "\(apart) apart, timeout \(waits)\n"
            )
        }
        try carryOut(session.start(at: .now()))
        var nextSend = ContinuousClock.now
        var lingerUntil: ContinuousClock.Instant?
        // Bounded in time whatever happens: every ping's interval and timeout, the listening after, and a margin.
        let giveUp = nextSend + interval * run.count + timeout * 2 + linger + .seconds(5)
        while !interrupted() {
            let now = ContinuousClock.now
            if now >= giveUp {
                run.stop()
                break
            }
            if !run.isAllMade, now >= nextSend, let message = run.nextMessage(at: Date()) {
                try carryOut(session.send(message, at: .now()))
                nextSend += interval
            }
            if run.isDone {
                let missing = run.statistics.lost - run.statistics.late
                if missing <= 0 { break }
                let end = lingerUntil ?? now + linger
                lingerUntil = end
                if now >= end { break }
            }
            var wake = now + Self.pollLimit
            if !run.isAllMade { wake = min(wake, nextSend) }
            if let deadline = session.nextDeadline { wake = min(wake, deadline) }
            if let lingerUntil { wake = min(wake, lingerUntil) }
            let wait = now.duration(to: wake)
            if wait > .zero, let batch = await reports.next(timeout: wait) {
                for (socket, report) in batch.events {
                    try carryOut(session.apply(report: report, socket: socket, at: .now()))
                }
            }
            try carryOut(session.tick(at: .now()))
        }
        if interrupted() { run.stop() }
        let statistics = run.statistics
        if json {
            StandardStreams.writeOutput(statistics.json + "\n")
        } else {
            StandardStreams.writeOutput(statistics.lines(target: server.description).joined(separator: "\n") + "\n")
        }
        return statistics
    }

    /// A remark about the run: on standard output with the ping lines, on standard error beside JSON.
    private func note(_ text: String) {
        if json {
            StandardStreams.writeError(text)
        } else {
            StandardStreams.writeOutput(text + "\n")
        }
    }
}
