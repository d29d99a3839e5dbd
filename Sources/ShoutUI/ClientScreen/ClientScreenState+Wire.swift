import FoundationEssentials
import ShoutCore

extension ClientScreenState {
    /// How many of the transcript's newest entries a packet may go before, by its time.
    static let segmentLookback = 64

    /// Puts the client's own packets among `records` in the transcript, each where its time puts it among the
    /// entries around it (the handshake before the line that waited for it, a reply's segment before the reply), and
    /// says once that the capture leaves packets out, the first time it does (a flood on the server's port).
    mutating func applyWire(_ records: [WireRecord], missed: Int, at now: Moment) {
        guard var filter = wire else { return }
        let own = filter.take(records, now: now.date)
        wire = filter
        for record in own { insertByTime(Self.segmentEntry(record)) }
        if missed > 0, !saidWireMissed {
            saidWireMissed = true
            note(Self.missedSentence, at: now)
        }
    }

    /// The transcript line of one of the client's packets, in the Wire pane's words from the same side of the
    /// arrow (the client's port on the left, `→` towards the server): `tcp :41881 → SYN seq 0`, `tcp :41881 ←
    /// PSH-ACK 5 B "HELLO" seq 1 ack 6`, `udp :50000 → 5 B "hello"`, `icmp 127.0.0.1 ← ICMP port unreachable (udp
    /// 127.0.0.1:50000 → :12001)`.
    public static func segmentEntry(_ record: WireRecord) -> TranscriptEntry {
        TranscriptEntry(
            time: Timestamp.clock(record.time),
            kind: .segment,
            text: WireFormatter.words(record, compact: true),
            date: record.time
        )
    }

    /// What the transcript says once the capture has left packets out (of the server's port, not only the client's).
    static let missedSentence =
        "the capture of the server's port could not keep up: from here on, some packets may not be shown"

    /// Puts `entry` after the newest entries that happened before it (among the last ``segmentLookback``).
    mutating func insertByTime(_ entry: TranscriptEntry) {
        let floor = max(0, transcript.count - Self.segmentLookback)
        var index = transcript.count
        if let date = entry.date {
            while index > floor, let before = transcript[index - 1].date, before > date { index -= 1 }
        }
        transcript.insert(entry, at: index)
        needsRender = true
    }
}
