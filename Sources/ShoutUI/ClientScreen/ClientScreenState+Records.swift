import ShoutCore

extension ClientScreenState {
    /// The records queued since the last call (only while `queuesRecords`), oldest first, for the host to append to
    /// its `--transcript` file.
    public mutating func takeNewRecords() -> [ClientEventRecord] {
        defer { newRecords.removeAll(keepingCapacity: true) }
        return newRecords
    }

    /// The transcript's events as JSON lines, one object per line, for `/save FILE.jsonl`.
    public var transcriptJSONLines: String {
        records.elements(in: 0..<records.count).map { $0.jsonLine + "\n" }.joined()
    }

    /// Keeps a record of an event (and queues it for the host when it writes a transcript file).
    mutating func record(_ event: ClientEventRecord) {
        records.append(event)
        if queuesRecords { newRecords.append(event) }
    }

    /// Keeps a record about a request: the line sent, or what became of it.
    mutating func record(
        _ event: ClientEventRecord.Event, _ request: ReplyMatcher.Request, payload: [UInt8]? = nil,
        rtt: Duration? = nil, reason: String? = nil, at now: ClientMoment
    ) {
        var entry = ClientEventRecord(
            time: now.date, event: event, transport: request.transport, server: server, request: request.id,
            payload: payload ?? request.text, rtt: rtt)
        entry.reason = reason
        record(entry)
    }

    /// Keeps a record of a socket closing.
    mutating func recordClose(_ transport: Transport, reason: String, at now: ClientMoment) {
        var event = ClientEventRecord(time: now.date, event: .close)
        event.transport = transport
        event.server = server
        event.reason = reason
        record(event)
    }

    /// Keeps a record of a problem shown in the transcript.
    mutating func recordProblem(_ transport: Transport?, _ sentence: String, at now: ClientMoment) {
        var event = ClientEventRecord(time: now.date, event: .problem)
        event.transport = transport
        event.server = server
        event.message = sentence
        record(event)
    }

    /// `/mark TEXT`: a numbered divider in the transcript, and a `mark` record.
    public mutating func putMark(_ text: String, at now: ClientMoment) {
        markCount += 1
        lastMarkText = text
        let label = "mark \(markCount)" + (text.isEmpty ? "" : ": " + VisibleText.escape(text))
        append(TranscriptEntry(time: now.wallClock, kind: .mark, text: label), at: now)
        var event = ClientEventRecord(time: now.date, event: .mark)
        event.mark = markCount
        if !text.isEmpty { event.text = text }
        record(event)
    }

    /// Closes the TCP connection once new lines no longer go over TCP and no TCP line waits for a reply or a
    /// connection: an idle connection to the textbook TCP server, which serves one client at a time, would keep
    /// every other client out.
    mutating func closeIdleTCP(at now: ClientMoment) -> [ClientScreenEffect] {
        guard transport != .tcp, let slot = slots[.tcp] else { return [] }
        guard !matcher.waiting.contains(where: { $0.transport == .tcp }), outbox[.tcp]?.isEmpty ?? true else {
            return []
        }
        slots[.tcp] = nil
        retryable = []
        trouble[.tcp] = nil
        switch slot.phase {
        case .open:
            note("closed the TCP connection", transport: .tcp, at: now)
            recordClose(.tcp, reason: "closed by client", at: now)
        case .opening:
            note("stopped connecting over TCP", transport: .tcp, at: now)
        case .closed, .failed:
            break
        }
        return [.close(id: slot.id)]
    }
}
