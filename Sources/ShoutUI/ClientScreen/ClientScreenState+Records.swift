import ShoutCore

extension ClientScreenState {
    /// The records queued since the last call (only while `queuesRecords`), oldest first, for the host to append to
    /// its `--transcript` file.
    public mutating func takeNewRecords() -> [ClientEventRecord] {
        session.takeNewRecords()
    }

    /// The transcript's events as JSON lines, one object per line, for `/save FILE.jsonl`.
    public var transcriptJSONLines: String { session.recordsJSONLines }

    /// `/mark TEXT`: a numbered divider in the transcript, and a `mark` record.
    mutating func putMark(_ text: String, at now: Moment) {
        markCount += 1
        lastMarkText = text
        let label = "mark \(markCount)" + (text.isEmpty ? "" : ": " + VisibleText.escape(text))
        append(TranscriptEntry(time: now.wallClock, kind: .mark, text: label), at: now)
        var event = ClientEventRecord(time: now.date, event: .mark)
        event.mark = markCount
        if !text.isEmpty { event.text = text }
        session.record(event)
    }
}
