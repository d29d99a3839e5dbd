import FoundationEssentials
import ShoutCore

extension ClientScreenState {
    /// How many of the transcript's newest entries a packet may go before, by its time.
    static let segmentLookback = 64
    /// How often at most the transcript says that the capture left packets out, in seconds.
    static let wireMissedInterval: TimeInterval = 10

    /// Puts the client's own packets among `records` in the transcript, each where its time puts it among the
    /// entries around it (the handshake before the line that waited for it, a reply's segment before the reply), and
    /// says now and then how many packets the capture left out.
    mutating func applyWire(_ records: [WireRecord], missed: Int, at now: Moment) {
        guard var filter = wire else { return }
        let own = filter.take(records, now: now.date)
        wire = filter
        for record in own { insertByTime(Self.segmentEntry(record)) }
        wireMissed.count += missed
        if wireMissed.count > 0,
            wireMissed.saidAt.map({ now.date.timeIntervalSince($0) >= Self.wireMissedInterval }) ?? true
        {
            note(Self.missedSentence(wireMissed.count), at: now)
            wireMissed = (0, now.date)
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

    /// What the transcript says of packets the capture left out (the server's port's, not only the client's).
    static func missedSentence(_ count: Int) -> String {
        "\(NumberText.grouped(count)) packet\(count == 1 ? "" : "s") of the server's port not shown: the capture "
            + "could not keep up"
    }

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
