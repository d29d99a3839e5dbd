import FoundationEssentials
import NIOCore
import ShoutClientNet
import ShoutCore

/// The client without its screen, like the textbook client in a loop: each line of standard input is sent, each
/// reply printed on its own line, each lost reply reported on standard error. A loop over standard input that drives
/// a ``ClientSession`` (which decides everything about sockets and lines) and words its outcomes for a shell.
///
/// Lines go one at a time: the next is sent when the previous one's reply came or its timeout passed.
struct PlainClient {
    let server: Endpoint
    let transport: Transport
    let timeout: Duration
    /// Whether replies are shown with control characters escaped (standard output is a terminal).
    let escapesOutput: Bool
    let group: any EventLoopGroup
    /// The `--transcript` file: every event is appended to it as it happens.
    var transcript: TranscriptFile? = nil

    /// Runs until standard input ends or `interrupt` is called (it then stops waiting at once, leaving lines
    /// unanswered); returns whether every line got its reply. Every socket is closed before it returns. Throws when
    /// a socket cannot be opened or the transcript file cannot be written.
    func run(until interrupt: InputInterrupt? = nil) async throws -> Bool {
        var session = ClientSession(server: server, transport: transport, timeout: timeout, recordCapacity: 1)
        session.queuesRecords = transcript != nil
        let reports = EventChannel<(socket: Int, report: ClientSocketReport)>(capacity: 4096)
        var sockets = ClientSocketPool(group: group, reports: reports)
        defer { sockets.closeAll() }

        let input = StandardInputLines(interrupt: interrupt)
        while let line = input.next() {
            // What happened while waiting for input (a TCP server that closed after its reply) comes first.
            for (socket, report) in reports.drain().events {
                try carryOut(session.apply(report: report, socket: socket, at: .now()), &session, &sockets)
            }
            try carryOut(session.send(line, at: .now()), &session, &sockets)
            while session.waitingCount > 0 {
                if interrupt?.isInterrupted == true { return false }
                // At most a tenth of a second at a time, so an interrupt is seen soon.
                let wait = min(
                    session.nextDeadline.map { ContinuousClock.now.duration(to: $0) } ?? .seconds(60),
                    .milliseconds(100)
                )
                if wait > .zero, let batch = await reports.next(timeout: wait) {
                    for (socket, report) in batch.events {
                        try carryOut(session.apply(report: report, socket: socket, at: .now()), &session, &sockets)
                    }
                }
                try carryOut(session.tick(at: .now()), &session, &sockets)
            }
        }
        return session.lostCount == 0 && session.notSentCount == 0
    }

    /// Executes a step's socket effects, writes its records, and says its outcomes on the standard streams.
    private func carryOut(
        _ step: ClientSessionStep,
        _ session: inout ClientSession,
        _ sockets: inout ClientSocketPool
    )
        throws
    {
        for record in session.takeNewRecords() { try transcript?.append(record) }
        for outcome in step.outcomes { try say(outcome) }
        for effect in step.effects { sockets.carryOut(effect) }
    }

    /// One outcome for a shell: a reply on standard output, what went wrong on standard error.
    private func say(_ outcome: ClientSessionOutcome) throws {
        switch outcome {
        case .reply(_, _, let reply, _, _, _), .mismatched(_, _, let reply, _, _, _):
            print(reply)
        case .late(let request, _, _, _, let after):
            StandardStreams.writeError("late reply to line \(request) after \(NumberText.duration(after))")
        case .lost(_, _, _, .serverClosedFirst), .lost(_, _, _, .couldNotSend):
            StandardStreams.writeError("the server closed the connection without replying")
        case .lost(let request, let text, _, .unanswered(let waited)):
            StandardStreams.writeError(
                "no answer: line \(request) \"\(VisibleText.escapeStart(text))\": nothing within "
                    + "\(NumberText.duration(waited)) on an open connection, so TCP delivered or was still delivering "
                    + "it; the server did not answer"
            )
        case .lost(let request, let text, let transport, let reason):
            let why =
                reason == .portUnreachable
                ? ClientSocketError.udpPortUnreachable.description
                : reason == .hostUnreachable
                    ? "host unreachable (the network said so: no ARP reply, or ICMP from a router)"
                    : "no reply within \(NumberText.duration(timeout)) (\(transport.label) gives no guarantee of delivery)"
            StandardStreams.writeError("lost: line \(request) \"\(VisibleText.escapeStart(text))\": \(why)")
        case .notSent(let request, let text, _, let error):
            StandardStreams.writeError("\(error.description): line \(request) \"\(VisibleText.escapeStart(text))\"")
        case .tooLargeForUDP(let text, let size):
            StandardStreams.writeError(ClientSentence.tooLargeForUDP(text, size: size))
        case .stillWaiting(let request, let text, _, let waited):
            StandardStreams.writeError(
                "waiting: line \(request): " + ClientSentence.waiting(text, waited: waited)
            )
        case .connectionInfo(let info, let waiting):
            let lines = waiting.map(String.init).joined(separator: ", ")
            StandardStreams.writeError("waiting: line \(lines): the kernel says \(info.waitingClause)")
        case .socketProblem(_, let error) where error.kind == .portUnreachable || error.kind == .hostUnreachable:
            // Said with the line it concerns, as a loss.
            break
        case .socketProblem(_, let error):
            StandardStreams.writeError(error.description)
        case .openFailed(_, let error, _):
            throw error
        case .sent, .resending, .resent, .duplicate, .unsolicited, .ready, .closedByServer, .sendFailed, .closedIdleTCP,
            .kernelView,
            .switched, .alreadyOn, .connecting, .timeoutChanged:
            break
        }
    }

    private func print(_ reply: [UInt8]) {
        if escapesOutput {
            StandardStreams.writeOutput(VisibleText.escape(reply) + "\n")
        } else {
            StandardStreams.writeOutput(reply + [UInt8(ascii: "\n")])
        }
    }
}
