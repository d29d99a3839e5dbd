import ShoutCore

extension ClientScreenState {
    /// What a socket reported; `socket` is the number from the `.open` effect. Reports from a socket the screen
    /// has since replaced are ignored, except replies, which are still matched.
    public mutating func apply(
        report: ClientSocketReport, socket: Int, at now: ClientMoment
    ) -> [ClientScreenEffect] {
        let effects = handle(report, socket: socket, at: now)
        return effects + closeIdleTCP(at: now)
    }

    private mutating func handle(
        _ report: ClientSocketReport, socket: Int, at now: ClientMoment
    ) -> [ClientScreenEffect] {
        let owner = slots.first { $0.value.id == socket }?.key
        switch report {
        case .sent(let number, let instant):
            guard let owner else { return [] }
            stamp(send: number, at: instant, on: owner)
            return []
        case .event(.received(let transport, let bytes, let time)):
            classify(bytes, over: transport, at: time, now: now)
            return []
        case .event(.ready(let transport, let remote, let local, let setup)):
            guard owner == transport else { return [] }
            return socketReady(transport, remote: remote, local: local, setup: setup, at: now)
        case .event(.closed(let transport, let reason)):
            guard owner == transport, slots[transport]?.phase == .open else { return [] }
            slots[transport]?.phase = .closed(reason == nil ? "closed by server" : "connection lost")
            recordClose(transport, reason: reason.map { "connection lost: " + $0 } ?? "closed by server", at: now)
            if let reason {
                problem("connection lost: \(reason)", transport: transport, at: now)
            } else {
                note("connection closed by the server", transport: transport, at: now)
            }
            return connectionEnded(transport, why: "the server closed the connection first", at: now)
        case .event(.problem(let transport, let sentence)):
            guard owner == transport else { return [] }
            return socketProblem(transport, sentence, at: now)
        case .openFailed(let sentence):
            guard let owner else { return [] }
            slots[owner]?.phase = .failed(Self.shortState(of: sentence))
            recordProblem(owner, sentence, at: now)
            problem(sentence + " Fix it with /connect HOST[:PORT], or send again.", transport: owner, at: now)
            for line in outbox[owner] ?? [] where !line.isRetry {
                problem("not sent: " + VisibleText.escape(line.text), transport: owner, at: now)
            }
            outbox[owner] = nil
            return []
        case .sendFailed(let sentence):
            guard let owner else { return [] }
            if owner == .tcp {
                slots[owner]?.phase = .closed("connection lost")
                recordProblem(owner, sentence, at: now)
                problem(sentence, transport: owner, at: now)
                return connectionEnded(owner, why: "it could not be sent", at: now)
            }
            return socketProblem(owner, sentence, at: now)
        }
    }

    /// Time passes: requests whose deadline has passed are lost.
    public mutating func tick(at now: ClientMoment) -> [ClientScreenEffect] {
        for request in matcher.expire(at: now.instant) {
            lostCount += 1
            retryable.remove(request.id)
            record(.lost, request, reason: "timeout", at: now)
            let waited = DurationText.seconds(request.deadline - request.sentAt)
            let why = request.transport == .udp
                ? "(UDP gives no guarantee of delivery)" : "(the connection is open, but the server has not answered)"
            problem(
                "no reply within \(waited) s to \"\(VisibleText.escape(request.text))\" \(why)",
                transport: request.transport, at: now)
        }
        return closeIdleTCP(at: now)
    }

    /// The socket of `transport` handed send `number` to the network at `instant`: the round trip of the request
    /// that send carried starts then. Sends before it that were never stamped failed; they are forgotten.
    private mutating func stamp(send number: Int, at instant: ContinuousClock.Instant, on transport: Transport) {
        guard var slot = slots[transport] else { return }
        while let first = slot.unstamped.first, first.send <= number {
            slot.unstamped.removeFirst()
            if first.send == number { matcher.restamp(id: first.request, sentAt: instant) }
        }
        slots[transport] = slot
    }

    /// When the next request times out, so a host can wake up then.
    public var nextDeadline: ContinuousClock.Instant? { matcher.nextDeadline }

    /// Sends a line now if the transport's socket is open; otherwise queues it and opens the socket.
    mutating func send(_ line: Outgoing, over transport: Transport, at now: ClientMoment) -> [ClientScreenEffect] {
        if let slot = slots[transport], slot.phase == .open {
            return [transmit(line, over: transport, at: now)]
        }
        outbox[transport, default: []].append(line)
        if slots[transport]?.phase == .opening { return [] }
        return [openSocket(for: transport, at: now)]
    }

    /// Sends on the open socket of `transport` and starts waiting for the reply.
    private mutating func transmit(_ line: Outgoing, over transport: Transport, at now: ClientMoment)
        -> ClientScreenEffect
    {
        let request = matcher.sent(line.text, over: transport, at: now.instant, timeout: timeout)
        let id = slots[transport]?.id ?? 0
        // Only the first line on a connection is sure to have been read by a server that closes after one reply;
        // any later one may be sent again. Each round answers or loses the first, so resending always ends.
        if transport == .tcp, (slots[transport]?.carried ?? 0) > 0 { retryable.insert(request.id) }
        slots[transport]?.carried += 1
        if let number = slots[transport]?.carried { slots[transport]?.unstamped.append((number, request.id)) }
        var event = ClientEventRecord(
            time: now.date, event: .sent, transport: transport, server: server, request: request.id, payload: line.text)
        if line.isRetry { event.retry = true }
        record(event)
        if !line.isRetry {
            sentCount += 1
            append(
                TranscriptEntry(
                    time: now.wallClock, kind: .sent, text: VisibleText.escape(line.text), transport: transport),
                at: now)
        }
        return .send(id: id, transport == .tcp ? line.text + [UInt8(ascii: "\n")] : line.text)
    }

    /// Opens a new socket for `transport`, replacing (and closing) any earlier one.
    mutating func openSocket(for transport: Transport, at now: ClientMoment) -> ClientScreenEffect {
        let id = nextSocketID
        nextSocketID += 1
        slots[transport] = Slot(id: id, phase: .opening)
        trouble[transport] = nil
        revision += 1
        return .open(id: id, transport, server)
    }

    private mutating func socketReady(
        _ transport: Transport, remote: Endpoint, local: Endpoint, setup: Duration?, at now: ClientMoment
    ) -> [ClientScreenEffect] {
        slots[transport]?.phase = .open
        slots[transport]?.local = local
        slots[transport]?.setup = setup
        var event = ClientEventRecord(time: now.date, event: .connect)
        event.transport = transport
        event.server = remote
        event.local = local
        event.setup = setup
        record(event)
        switch transport {
        case .tcp:
            let handshake = setup.map { " (handshake \(DurationText.format($0)))" } ?? ""
            let verb = hasConnected.contains(.tcp) ? "reconnected to" : "connected to"
            note("\(verb) \(remote) over TCP\(handshake)", transport: .tcp, at: now)
        case .udp:
            if !hasConnected.contains(.udp) {
                note("UDP socket ready: local port \(local.port) → \(remote)", transport: .udp, at: now)
            }
        }
        hasConnected.insert(transport)
        let waiting = outbox[transport] ?? []
        outbox[transport] = nil
        return waiting.map { transmit($0, over: transport, at: now) }
    }

    /// A problem a socket reported: a port unreachable makes the UDP requests in flight lost at once.
    private mutating func socketProblem(
        _ transport: Transport, _ sentence: String, at now: ClientMoment
    ) -> [ClientScreenEffect] {
        let unreachable = sentence.hasPrefix("port unreachable")
        trouble[transport] = unreachable ? "port unreachable" : "error"
        recordProblem(transport, sentence, at: now)
        problem(sentence, transport: transport, at: now)
        guard unreachable else { return [] }
        for request in matcher.abandon(transport) {
            lostCount += 1
            record(.lost, request, reason: "port unreachable", at: now)
            problem("no reply to \"\(VisibleText.escape(request.text))\": port unreachable",
                    transport: transport, at: now)
        }
        return []
    }

    /// The TCP connection ended: the first request on it is lost, and any later one is sent again on a new
    /// connection, as the textbook server closes after its first reply without reading more.
    private mutating func connectionEnded(
        _ transport: Transport, why: String, at now: ClientMoment
    ) -> [ClientScreenEffect] {
        var resend: [Outgoing] = []
        for request in matcher.abandon(transport) {
            if retryable.remove(request.id) != nil {
                resend.append(Outgoing(text: request.text, isRetry: true))
                note("sending \"\(VisibleText.escape(request.text))\" again on a new connection",
                     transport: transport, at: now)
            } else {
                lostCount += 1
                record(.lost, request, reason: why, at: now)
                problem("no reply to \"\(VisibleText.escape(request.text))\": \(why)", transport: transport, at: now)
            }
        }
        let queued = outbox[transport] ?? []
        guard !resend.isEmpty || !queued.isEmpty else { return [] }
        outbox[transport] = resend + queued
        return [openSocket(for: transport, at: now)]
    }

    /// Turns a reply into a transcript line, by what the matcher makes of it.
    private mutating func classify(
        _ bytes: [UInt8], over transport: Transport, at time: ContinuousClock.Instant, now: ClientMoment
    ) {
        let text = VisibleText.escape(bytes)
        var entry = TranscriptEntry(time: now.wallClock, kind: .reply, text: text, transport: transport)
        switch matcher.received(bytes, over: transport, at: time) {
        case .reply(let request, let rtt, let overtook):
            record(.reply, request, payload: bytes, rtt: rtt, at: now)
            replyCount += 1
            lastRTT = rtt
            trouble[transport] = nil
            entry.rtt = rtt
            if overtook > 0 {
                entry.kind = .oddReply
                entry.text += "  overtook \(overtook) earlier request\(overtook == 1 ? "" : "s")"
            }
        case .mismatched(let request, let rtt):
            var event = ClientEventRecord(
                time: now.date, event: .reply, transport: transport, server: server, request: request.id,
                payload: bytes, rtt: rtt)
            event.expected = String(decoding: request.expected, as: UTF8.self)
            record(event)
            replyCount += 1
            lastRTT = rtt
            entry.rtt = rtt
            entry.kind = .oddReply
            entry.text += "  not \"\(VisibleText.escape(request.expected))\" as expected"
        case .late(let request, let after):
            record(.late, request, payload: bytes, rtt: after, at: now)
            entry.kind = .oddReply
            entry.text += "  late: \(DurationText.format(after)) after sending"
        case .duplicate(let request):
            record(.duplicate, request, payload: bytes, at: now)
            entry.kind = .oddReply
            entry.text += "  duplicate: \"\(VisibleText.escape(request.text))\" was already answered"
        case .unsolicited:
            record(ClientEventRecord(time: now.date, event: .unsolicited, transport: transport, server: server,
                                     payload: bytes))
            entry.kind = .oddReply
            entry.text += "  answers nothing sent"
        }
        append(entry, at: now)
    }

    /// A word or two for the status bar from an error sentence.
    static func shortState(of sentence: String) -> String {
        let lowered = sentence.lowercased()
        if lowered.contains("refused") { return "refused" }
        if lowered.contains("not found") { return "host not found" }
        if lowered.contains("unreachable") { return "unreachable" }
        if lowered.contains("timed out") || lowered.contains("timeout") { return "timed out" }
        return "error"
    }
}
