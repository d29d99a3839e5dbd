extension ClientSession {
    /// What a socket reported; `socket` is the number from the `.open` effect. Reports from a socket the session
    /// has since replaced are ignored, except replies, which are still matched.
    public mutating func apply(report: ClientSocketReport, socket: Int, at now: Moment) -> ClientSessionStep {
        var step = handle(report, socket: socket, at: now)
        step.append(closeIdleTCP(at: now))
        return step
    }

    private mutating func handle(
        _ report: ClientSocketReport,
        socket: Int,
        at now: Moment
    )
        -> ClientSessionStep
    {
        let owner = slots.first { $0.value.id == socket }?.key
        switch report {
        case .sent(let number, let instant):
            if let owner { stamp(send: number, at: instant, on: owner) }
            return ClientSessionStep()
        case .event(.received(let transport, let bytes, let time)):
            return ClientSessionStep(outcomes: [classify(bytes, over: transport, at: time, now: now)])
        case .event(.ready(let transport, let remote, let local, let setup)):
            guard owner == transport else { return ClientSessionStep() }
            return socketReady(transport, remote: remote, local: local, setup: setup, at: now)
        case .event(.closed(let transport, let reason)):
            guard owner == transport, slots[transport]?.phase == .open else { return ClientSessionStep() }
            slots[transport]?.phase = .closed(reason == nil ? "closed by server" : "connection lost")
            recordClose(transport, reason: reason.map { "connection lost: \($0)" } ?? "closed by server", at: now)
            var step = ClientSessionStep(outcomes: [.closedByServer(transport, reason: reason)])
            step.append(connectionEnded(transport, reason: .serverClosedFirst, at: now))
            return step
        case .event(.problem(let transport, let error)):
            guard owner == transport else { return ClientSessionStep() }
            return socketProblem(transport, error, at: now)
        case .openFailed(let error):
            guard let owner else { return ClientSessionStep() }
            slots[owner]?.phase = .failed(error.shortState)
            recordProblem(owner, error.description, at: now)
            let unsent = (outbox[owner] ?? []).filter { !$0.isRetry }.map(\.text)
            outbox[owner] = nil
            return ClientSessionStep(outcomes: [.openFailed(owner, error, unsent: unsent)])
        case .connectionInfo(let info):
            guard owner == .tcp else { return ClientSessionStep() }
            return kernelSaid(info, socket: socket)
        case .sendFailed(let error, let number):
            guard let owner else { return ClientSessionStep() }
            if owner == .udp, let number { return datagramNotSent(number, error, at: now) }
            guard owner == .tcp else { return socketProblem(owner, error, at: now) }
            slots[owner]?.phase = .closed("connection lost")
            recordProblem(owner, error.description, at: now)
            var step = ClientSessionStep(outcomes: [.sendFailed(owner, error)])
            step.append(connectionEnded(owner, reason: .couldNotSend, at: now))
            return step
        }
    }

    /// The UDP socket's send `number` failed: that line was never sent (a firewall, no route, a full queue). It is
    /// that line's outcome alone; the socket goes on, and the line is not counted as sent or lost.
    private mutating func datagramNotSent(
        _ number: Int,
        _ error: ClientSocketError,
        at now: Moment
    ) -> ClientSessionStep {
        guard var slot = slots[.udp] else { return socketProblem(.udp, error, at: now) }
        let requestID: Int
        if let index = slot.unstamped.firstIndex(where: { $0.send == number }) {
            requestID = slot.unstamped.remove(at: index).request
        } else if let index = slot.stamped.lastIndex(where: { $0.send == number }) {
            requestID = slot.stamped.remove(at: index).request
        } else {
            return socketProblem(.udp, error, at: now)
        }
        slots[.udp] = slot
        guard let request = matcher.cancel(id: requestID) else { return ClientSessionStep() }
        sentCount -= 1
        notSentCount += 1
        recordNotSent(.udp, text: request.text, request: request.id, reason: error.description, at: now)
        return ClientSessionStep(outcomes: [.notSent(request: request.id, text: request.text, .udp, error)])
    }

    /// The socket of `transport` handed send `number` to the network at `instant`: the round trip of the request
    /// that send carried starts then. Sends before it that were never stamped failed; they are forgotten.
    private mutating func stamp(send number: Int, at instant: ContinuousClock.Instant, on transport: Transport) {
        guard var slot = slots[transport] else { return }
        while let first = slot.unstamped.first, first.send <= number {
            slot.unstamped.removeFirst()
            if first.send == number {
                matcher.restamp(id: first.request, sentAt: instant)
                // A UDP socket stamps a send right before it tries it, so a failure may follow the stamp.
                slot.stamped.append(first)
                if slot.stamped.count > 64 { slot.stamped.removeFirst() }
            }
        }
        slots[transport] = slot
    }

    private mutating func socketReady(
        _ transport: Transport,
        remote: Endpoint,
        local: Endpoint,
        setup: Duration?,
        at now: Moment
    ) -> ClientSessionStep {
        slots[transport]?.phase = .open
        slots[transport]?.local = local
        slots[transport]?.setup = setup
        var event = ClientEventRecord(time: now.date, event: .connect)
        event.transport = transport
        event.server = remote
        event.local = local
        event.setup = setup
        record(event)
        var step = ClientSessionStep(outcomes: [
            .ready(transport, remote: remote, local: local, setup: setup, again: hasConnected.contains(transport))
        ])
        hasConnected.insert(transport)
        let waiting = outbox[transport] ?? []
        outbox[transport] = nil
        for line in waiting { step.append(transmit(line, over: transport, at: now)) }
        return step
    }

    /// A problem a socket reported: a port unreachable makes the UDP requests in flight lost at once.
    private mutating func socketProblem(
        _ transport: Transport,
        _ error: ClientSocketError,
        at now: Moment
    )
        -> ClientSessionStep
    {
        let reason: ClientLossReason? =
            switch error.kind {
            case .portUnreachable: .portUnreachable
            case .hostUnreachable: .hostUnreachable
            default: nil
            }
        trouble[transport] = reason?.recordText ?? "error"
        recordProblem(transport, error.description, at: now)
        var step = ClientSessionStep(outcomes: [.socketProblem(transport, error)])
        guard let reason else { return step }
        for request in matcher.abandon(transport) {
            lostCount += 1
            record(.lost, request, reason: reason.recordText, at: now)
            step.outcomes.append(.lost(request: request.id, text: request.text, transport, reason))
        }
        return step
    }

    /// The TCP connection ended: the first request on it is lost, and any later one is sent again on a new
    /// connection, as the textbook server closes after its first reply without reading more.
    private mutating func connectionEnded(
        _ transport: Transport,
        reason: ClientLossReason,
        at now: Moment
    )
        -> ClientSessionStep
    {
        var step = ClientSessionStep()
        var resend: [Outgoing] = []
        for request in matcher.abandon(transport) {
            if retryable.remove(request.id) != nil {
                resend.append(Outgoing(text: request.text, retryOf: request.id))
                step.outcomes.append(.resending(request: request.id, text: request.text, transport))
            } else {
                lostCount += 1
                record(.lost, request, reason: reason.recordText, at: now)
                step.outcomes.append(.lost(request: request.id, text: request.text, transport, reason))
            }
        }
        let queued = outbox[transport] ?? []
        guard !resend.isEmpty || !queued.isEmpty else { return step }
        outbox[transport] = resend + queued
        step.effects.append(openSocket(for: transport))
        return step
    }

    /// What a reply turns out to be, by what the matcher makes of it.
    private mutating func classify(
        _ bytes: [UInt8],
        over transport: Transport,
        at time: ContinuousClock.Instant,
        now: Moment
    ) -> ClientSessionOutcome {
        switch matcher.received(bytes, over: transport, at: time) {
        case .reply(let request, let rtt, let overtook):
            record(.reply, request, payload: bytes, rtt: rtt, at: now)
            replyCount += 1
            lastRTT = rtt
            trouble[transport] = nil
            return .reply(
                request: request.id,
                text: request.text,
                reply: bytes,
                transport,
                rtt: rtt,
                overtook: overtook
            )
        case .mismatched(let request, let rtt):
            var event = ClientEventRecord(
                time: now.date,
                event: .reply,
                transport: transport,
                server: server,
                request: request.id,
                payload: bytes,
                rtt: rtt
            )
            event.expected = String(decoding: request.expected, as: UTF8.self)
            record(event)
            replyCount += 1
            lastRTT = rtt
            return .mismatched(
                request: request.id,
                text: request.text,
                reply: bytes,
                expected: request.expected,
                transport,
                rtt: rtt
            )
        case .late(let request, let after):
            record(.late, request, payload: bytes, rtt: after, at: now)
            return .late(request: request.id, text: request.text, reply: bytes, transport, after: after)
        case .duplicate(let request):
            record(.duplicate, request, payload: bytes, at: now)
            return .duplicate(request: request.id, text: request.text, reply: bytes, transport)
        case .unsolicited:
            record(
                ClientEventRecord(
                    time: now.date,
                    event: .unsolicited,
                    transport: transport,
                    server: server,
                    payload: bytes
                )
            )
            return .unsolicited(reply: bytes, transport)
        }
    }
}
