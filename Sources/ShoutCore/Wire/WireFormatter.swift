/// Writes wire records as `segment` log lines (text for people, one JSON object for scripts) and as the words the
/// Wire pane shows.
///
/// JSON field names are stable: `time`, `event` (`segment`), `transport` (`tcp`, `udp`, `icmp`), `direction` (`in`,
/// `out`), `peer`, `local`, `bytes`, `text`, `truncated`; TCP adds `flags`, `seq`, `ack` (null without the ACK flag),
/// `len`, `window`, `retransmission`; ICMP adds `icmp` (what it says), `quoted_transport`, `quoted_source`,
/// `quoted_destination` (the packet it is about).
public enum WireFormatter {
    /// One log line for one record, without a line end.
    public static func line(_ record: WireRecord, format: ServerEventFormatter.Format) -> String {
        switch format {
        case .text: Timestamp.clockMilliseconds(record.time) + " segment " + words(record)
        case .json: jsonLine(record)
        }
    }

    /// The line that reports packets the capture did not show (sampled out, or dropped by the kernel when the
    /// capture fell behind): at least that many, since what goes by while the capture rests is not counted.
    public static func missedLine(_ count: Int, format: ServerEventFormatter.Format) -> String {
        switch format {
        case .text:
            return "(at least \(count) segments not shown: the capture could not keep up; the server served them)"
        case .json:
            var json = JSONLine()
            json.add("event", "missed")
            json.add("what", "segments")
            json.add("count", count)
            return json.text
        }
    }

    /// The record without its time: `tcp 127.0.0.1:41881 → :12000 PSH-ACK 5 B "hello" seq 1 ack 1 win 512`;
    /// `compact` (for a narrow pane) names the peer by its port alone and leaves out the server's port and the
    /// window, and says `(retransmission)` right after the flags: `tcp :41881 → PSH-ACK 5 B "hello" seq 1 ack 1`.
    public static func words(_ record: WireRecord, compact: Bool = false) -> String {
        let arrow = record.direction == .incoming ? "→" : "←"
        let sides = compact ? ":\(record.peer.port) \(arrow)" : "\(record.peer) \(arrow) :\(record.local.port)"
        switch record.content {
        case .tcp(let segment):
            var text = "tcp \(sides) \(segment.flags.words)"
            // In a narrow pane the word comes early, where a cut line still shows it.
            if compact, segment.isRetransmission { text += " (retransmission)" }
            if segment.payload.size > 0 { text += " " + sized(segment.payload) }
            text += " seq \(segment.sequence)"
            if let ack = segment.acknowledgement { text += " ack \(ack)" }
            if !compact { text += " win \(segment.window)" }
            if !compact, segment.isRetransmission { text += " (retransmission)" }
            return text
        case .udp(let payload):
            return "udp \(sides) " + sized(payload)
        case .icmp(let icmp):
            return
                "icmp \(record.peer.host) \(arrow) ICMP \(icmp.message) (\(quoted(icmp, direction: record.direction)))"
        }
    }

    /// The packet an ICMP error is about, the server's own end as its port alone: `udp 127.0.0.1:41881 → :12001`
    /// for an error the server's host sent (`outgoing`), `udp :12001 → 127.0.0.1:41881` for one it got.
    public static func quoted(_ icmp: WireICMP, direction: WireRecord.Direction) -> String {
        let source = direction == .incoming ? ":\(icmp.source.port)" : icmp.source.description
        let destination = direction == .outgoing ? ":\(icmp.destination.port)" : icmp.destination.description
        return "\(icmp.transport.rawValue) \(source) → \(destination)"
    }

    private static func sized(_ payload: Payload) -> String {
        NumberText.size(payload.size) + " \"" + VisibleText.escape(payload.preview) + (payload.isCut ? "…" : "")
            + "\""
    }

    private static func jsonLine(_ record: WireRecord) -> String {
        var json = JSONLine()
        json.add("time", Timestamp.iso8601(record.time))
        json.add("event", "segment")
        switch record.content {
        case .tcp(let segment):
            addSides(&json, "tcp", record)
            json.add("flags", segment.flags.words)
            json.add("seq", Int(segment.sequence))
            if let ack = segment.acknowledgement { json.add("ack", Int(ack)) } else { json.addNull("ack") }
            json.add("len", segment.payload.size)
            json.add("window", segment.window)
            json.add("retransmission", segment.isRetransmission)
            addPayload(&json, segment.payload)
        case .udp(let payload):
            addSides(&json, "udp", record)
            json.add("len", payload.size)
            addPayload(&json, payload)
        case .icmp(let icmp):
            json.add("transport", "icmp")
            json.add("direction", record.direction.rawValue)
            json.add("peer", record.peer.host)
            json.add("local", record.local.host)
            json.add("icmp", icmp.message)
            json.add("quoted_transport", icmp.transport.rawValue)
            json.add("quoted_source", icmp.source.description)
            json.add("quoted_destination", icmp.destination.description)
        }
        return json.text
    }

    private static func addSides(_ json: inout JSONLine, _ transport: String, _ record: WireRecord) {
        json.add("transport", transport)
        json.add("direction", record.direction.rawValue)
        json.add("peer", record.peer.description)
        json.add("local", record.local.description)
    }

    private static func addPayload(_ json: inout JSONLine, _ payload: Payload) {
        json.add("bytes", payload.size)
        json.add("text", String(decoding: payload.preview, as: UTF8.self))
        json.add("truncated", payload.isCut)
    }
}
