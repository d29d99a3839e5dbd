extension ClientSession {
    /// The records queued since the last call (only while `queuesRecords`), oldest first, for the host to append to
    /// its `--transcript` file.
    public mutating func takeNewRecords() -> [ClientEventRecord] {
        defer { newRecords.removeAll(keepingCapacity: true) }
        return newRecords
    }

    /// The session's events as JSON lines, one object per line, for `/save FILE.jsonl`.
    public var recordsJSONLines: String {
        records.elements(in: 0..<records.count).map { $0.jsonLine + "\n" }.joined()
    }

    /// Forgets the records kept for `/save` (`/clear`); the queue for the transcript file is kept.
    public mutating func clearRecords() {
        records.removeAll()
    }

    /// Keeps a record of an event (and queues it for the host when it writes a transcript file).
    public mutating func record(_ event: ClientEventRecord) {
        records.append(event)
        if queuesRecords { newRecords.append(event) }
    }

    /// Keeps a record about a request: the line sent, or what became of it.
    mutating func record(
        _ event: ClientEventRecord.Event,
        _ request: ReplyMatcher.Request,
        payload: [UInt8]? = nil,
        rtt: Duration? = nil,
        reason: String? = nil,
        at now: Moment
    ) {
        var entry = ClientEventRecord(
            time: now.date,
            event: event,
            transport: request.transport,
            server: server,
            request: request.id,
            payload: payload ?? request.text,
            rtt: rtt
        )
        entry.reason = reason
        record(entry)
    }

    /// Keeps a record of a line that was not sent, and why.
    mutating func recordNotSent(
        _ transport: Transport,
        text: [UInt8],
        request: Int? = nil,
        reason: String,
        at now: Moment
    ) {
        var event = ClientEventRecord(
            time: now.date,
            event: .notSent,
            transport: transport,
            server: server,
            request: request,
            payload: Array(text.prefix(ClientEventRecord.quotedBytes))
        )
        event.bytes = text.count
        event.reason = reason
        record(event)
    }

    /// Keeps a record of a socket closing.
    mutating func recordClose(_ transport: Transport, reason: String, at now: Moment) {
        var event = ClientEventRecord(time: now.date, event: .close)
        event.transport = transport
        event.server = server
        event.reason = reason
        record(event)
    }

    /// Keeps a record of a problem shown to the user.
    public mutating func recordProblem(_ transport: Transport?, _ sentence: String, at now: Moment) {
        var event = ClientEventRecord(time: now.date, event: .problem)
        event.transport = transport
        event.server = server
        event.message = sentence
        record(event)
    }
}
