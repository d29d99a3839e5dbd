import ShoutCore

extension ClientScreenState {
    /// What a socket reported; `socket` is the number from the `.open` effect.
    mutating func apply(
        report: ClientSocketReport,
        socket: Int,
        at now: Moment
    )
        -> [ClientScreenEffect]
    {
        show(session.apply(report: report, socket: socket, at: now), at: now)
    }

    /// Time passes: requests whose deadline has passed are lost.
    mutating func tick(at now: Moment) -> [ClientScreenEffect] {
        show(session.tick(at: now), at: now)
    }

    /// When the next request times out, so a host can wake up then.
    public var nextDeadline: ContinuousClock.Instant? { session.nextDeadline }

    /// Puts a step's outcomes in the transcript and hands its socket effects to the host.
    mutating func show(_ step: ClientSessionStep, at now: Moment) -> [ClientScreenEffect] {
        if !step.effects.isEmpty || !step.outcomes.isEmpty { needsRender = true }
        // An unreachable port or host that makes lines lost is said once a line, on each line's loss (with the
        // socket's sentence), not also on a line of its own.
        let cause = step.outcomes.lazy.compactMap { outcome -> ClientSocketError? in
            guard case .socketProblem(_, let error) = outcome else { return nil }
            return error.kind == .portUnreachable || error.kind == .hostUnreachable ? error : nil
        }.first
        let saidWithLoss = step.outcomes.contains {
            if case .lost(_, _, _, let reason) = $0 {
                reason == .portUnreachable || reason == .hostUnreachable
            } else {
                false
            }
        }
        for outcome in step.outcomes {
            switch outcome {
            case .socketProblem(_, let error) where saidWithLoss && error == cause:
                continue
            case .lost(_, let text, let transport, let reason)
            where reason == .portUnreachable || reason == .hostUnreachable:
                problem(Self.lossSentence(text, transport, reason, cause: cause), transport: transport, at: now)
            default:
                show(outcome, at: now)
            }
        }
        return step.effects.map(ClientScreenEffect.session) + advancePing(step.outcomes, at: now)
    }

    /// One outcome as transcript lines.
    private mutating func show(_ outcome: ClientSessionOutcome, at now: Moment) {
        switch outcome {
        case .sent(_, let text, let transport):
            append(
                TranscriptEntry(
                    time: now.wallClock,
                    kind: .sent,
                    text: Self.shown(text),
                    transport: transport
                ),
                at: now
            )
        case .resending(_, let text, let transport):
            note(
                "sending \"\(VisibleText.escapeStart(text))\" again on a new connection",
                transport: transport,
                at: now
            )
        case .resent:
            // Said when it was decided (`.resending`); the line's reply is shown when it comes.
            break
        case .reply(_, _, let reply, let transport, let rtt, let overtook):
            var entry = replyEntry(reply, transport, at: now)
            entry.rtt = rtt
            if overtook > 0 {
                entry.kind = .oddReply
                entry.text += "  overtook \(overtook) earlier request\(overtook == 1 ? "" : "s")"
            }
            append(entry, at: now)
        case .mismatched(_, _, let reply, let expected, let transport, let rtt):
            var entry = replyEntry(reply, transport, at: now)
            entry.rtt = rtt
            entry.kind = .oddReply
            entry.text += "  not \"\(VisibleText.escapeStart(expected))\" as expected"
            append(entry, at: now)
        case .late(_, _, let reply, let transport, let after):
            var entry = replyEntry(reply, transport, at: now)
            entry.kind = .oddReply
            entry.text += "  late: \(DurationText.format(after)) after sending"
            append(entry, at: now)
        case .duplicate(_, let text, let reply, let transport):
            var entry = replyEntry(reply, transport, at: now)
            entry.kind = .oddReply
            entry.text += "  duplicate: \"\(VisibleText.escapeStart(text))\" was already answered"
            append(entry, at: now)
        case .unsolicited(let reply, let transport):
            var entry = replyEntry(reply, transport, at: now)
            entry.kind = .oddReply
            entry.text += "  answers nothing sent"
            append(entry, at: now)
        case .lost(_, let text, let transport, let reason):
            problem(Self.lossSentence(text, transport, reason), transport: transport, at: now)
        case .notSent(_, let text, let transport, let error):
            problem("\(error.description): \"\(VisibleText.escapeStart(text))\"", transport: transport, at: now)
        case .tooLargeForUDP(let text, let size):
            problem(ClientSentence.tooLargeForUDP(text, size: size), transport: .udp, at: now)
        case .stillWaiting(_, let text, let transport, let waited):
            note(ClientSentence.waiting(text, waited: waited), transport: transport, at: now)
        case .connectionInfo(let info, _):
            note("the kernel says: \(info.waitingClause)", transport: .tcp, at: now)
        case .kernelView(let info, let previous):
            // Its first word on a connection, then only when TCP retransmitted (the status bar has the rest).
            if let previous {
                if let sentence = info.retransmittedSentence(since: previous) {
                    note(sentence, transport: .tcp, at: now)
                }
            } else {
                note(info.firstReadingSentence, transport: .tcp, at: now)
            }
        case .ready(.tcp, let remote, let local, let setup, let again):
            wire?.own(local, over: .tcp)
            let handshake = setup.map { " (handshake \(DurationText.format($0)))" } ?? ""
            note(
                "\(again ? "reconnected to" : "connected to") \(remote) over TCP\(handshake)",
                transport: .tcp,
                at: now
            )
        case .ready(.udp, let remote, let local, _, let again):
            wire?.own(local, over: .udp)
            if !again { note("UDP socket ready: local port \(local.port) → \(remote)", transport: .udp, at: now) }
        case .closedByServer(let transport, let reason):
            if let reason {
                problem("connection lost: \(reason)", transport: transport, at: now)
            } else {
                note("connection closed by the server", transport: transport, at: now)
            }
        case .socketProblem(let transport, let error), .sendFailed(let transport, let error):
            problem(error.description, transport: transport, at: now)
        case .openFailed(let transport, let error, let unsent):
            problem(
                error.description + " Fix it with /connect HOST[:PORT], or send again.",
                transport: transport,
                at: now
            )
            for text in unsent { problem("not sent: " + VisibleText.escapeStart(text), transport: transport, at: now) }
        case .closedIdleTCP(let wasOpen):
            note(wasOpen ? "closed the TCP connection" : "stopped connecting over TCP", transport: .tcp, at: now)
        case .switched(let transport):
            note("switched to \(transport.label)", at: now)
        case .alreadyOn(let transport):
            note("already sending over \(transport.label)", at: now)
        case .connecting(let endpoint, let transport, let abandoned):
            if abandoned > 0 { note("stopped waiting for \(abandoned) line(s) to the previous server", at: now) }
            note("connecting to \(endpoint) over \(transport.label)", at: now)
        case .timeoutChanged(let duration):
            note(
                "replies are now waited for \(DurationText.seconds(duration)) s: then a UDP line counts as lost, a "
                    + "TCP line is still waited for (TCP retransmits)",
                at: now
            )
        }
    }

    private func replyEntry(_ reply: [UInt8], _ transport: Transport, at now: Moment) -> TranscriptEntry {
        TranscriptEntry(time: now.wallClock, kind: .reply, text: Self.shown(reply), transport: transport)
    }

    /// The most of one line or reply the transcript shows: a 60,000-byte reply would otherwise push everything
    /// else off the screen (the `--transcript` and `/save …jsonl` records keep it whole).
    static let shownBytes = 2_048

    /// A line or reply as the transcript shows it: escaped, and past ``shownBytes`` cut with its whole size said.
    static func shown(_ bytes: [UInt8]) -> String {
        guard bytes.count > shownBytes else { return VisibleText.escape(bytes) }
        return VisibleText.escapeStart(bytes, limit: shownBytes) + " (\(NumberText.grouped(bytes.count)) bytes in all)"
    }

    /// Why a line got no reply, as the transcript says it.
    /// Why a line got no reply, as the transcript says it; `cause` is the socket's sentence for an unreachable
    /// port or host, said here rather than on a line of its own.
    static func lossSentence(
        _ text: [UInt8],
        _ transport: Transport,
        _ reason: ClientLossReason,
        cause: ClientSocketError? = nil
    ) -> String {
        let quoted = "\"\(VisibleText.escapeStart(text))\""
        switch reason {
        case .timeout(let waited):
            let why =
                transport == .udp
                ? "(UDP gives no guarantee of delivery)" : "(the connection is open, but the server has not answered)"
            return "no reply within \(DurationText.seconds(waited)) s to \(quoted) \(why)"
        case .unanswered(let waited):
            return "no answer within \(NumberText.duration(waited)) to \(quoted): the connection stayed open, so TCP "
                + "delivered or was still delivering it; the server did not answer"
        case .portUnreachable:
            return "no reply to \(quoted): \(cause ?? ClientSocketError.udpPortUnreachable)"
        case .hostUnreachable:
            return "no reply to \(quoted): \(cause.map(\.description) ?? reason.recordText)"
        case .serverClosedFirst, .couldNotSend:
            return "no reply to \(quoted): \(reason.recordText)"
        }
    }
}
