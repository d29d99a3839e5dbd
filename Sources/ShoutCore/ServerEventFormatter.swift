/// Writes server events as log lines: text for people, or one JSON object per line for scripts.
///
/// JSON field names are stable: `time`, `event`, `transport`, `peer`, `local`, `connection`, `bytes`, `text`,
/// `truncated`, `reason`, `message`; a lab ping or heartbeat datagram adds its Heartbeat fields (`seq`, `gaps`, …,
/// see ``ServerEventFormatter/addHeartbeat(_:to:)``), and under `--grade` a pinging peer's lines add `grade` and
/// `grade_detail` (see ``ServerEventFormatter/addGrade(_:to:)``). Peers' text is escaped, so no control character reaches the
/// output.
public enum ServerEventFormatter {
    /// The two log formats of `--log-format`.
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    /// One log line for one event, without a line end; `heartbeat` is what a lab ping or heartbeat datagram says
    /// about its peer (``HeartbeatTable/observe(_:)``), and `grade` the peer's verdict under `--grade`
    /// (``LiveGradeTable/observe(_:)``), both added to its line.
    public static func line(
        _ event: ServerEvent,
        format: Format,
        heartbeat: HeartbeatObservation? = nil,
        grade: LiveVerdict? = nil
    ) -> String {
        switch format {
        case .text:
            textLine(event) + (heartbeat.map { " " + heartbeatText($0) } ?? "")
                + (grade.map { " " + gradeText($0) } ?? "")
        case .json: jsonLine(event, heartbeat: heartbeat, grade: grade)
        }
    }

    /// The line that reports events the log could not keep up with.
    public static func missedLine(_ count: Int, format: Format) -> String {
        switch format {
        case .text:
            return "(\(count) events not logged: the log could not keep up; the counters still hold them)"
        case .json:
            var json = JSONLine()
            json.add("event", "missed")
            json.add("count", count)
            return json.text
        }
    }

    private static func textLine(_ event: ServerEvent) -> String {
        let time = Timestamp.clockMilliseconds(event.time)
        switch event.kind {
        case .listening(let transport, let endpoint):
            return "\(time) listening \(transport.rawValue) \(endpoint)"
        case .connected(let id, let peer, let local):
            return "\(time) connected tcp \(peer) → \(local) (connection \(id))"
        case .received(let transport, let peer, let payload):
            return "\(time) received \(transport.rawValue) \(peer) \(NumberText.size(payload.size)) \(quoted(payload))"
        case .replied(let transport, let peer, let payload):
            return "\(time) replied \(transport.rawValue) \(peer) \(NumberText.size(payload.size)) \(quoted(payload))"
        case .dropped(let transport, let peer, let payload, let reason):
            return
                "\(time) \(reason.rawValue) \(transport.rawValue) \(peer) \(NumberText.size(payload.size)) \(quoted(payload))"
        case .closed(let id, let peer, let reason):
            let why = reason.map { " (\($0))" } ?? ""
            return "\(time) closed tcp \(peer) (connection \(id))\(why)"
        case .problem(let message):
            return "\(time) problem \(VisibleText.escape(message))"
        }
    }

    private static func quoted(_ payload: Payload) -> String {
        "\"" + VisibleText.escape(payload.preview) + (payload.isCut ? "…" : "") + "\""
    }

    private static func jsonLine(_ event: ServerEvent, heartbeat: HeartbeatObservation?, grade: LiveVerdict?) -> String
    {
        var json = JSONLine()
        json.add("time", Timestamp.iso8601(event.time))
        switch event.kind {
        case .listening(let transport, let endpoint):
            json.add("event", "listening")
            json.add("transport", transport.rawValue)
            json.add("local", endpoint.description)
        case .connected(let id, let peer, let local):
            json.add("event", "connected")
            json.add("transport", "tcp")
            json.add("connection", id)
            json.add("peer", peer.description)
            json.add("local", local.description)
        case .received(let transport, let peer, let payload):
            addPayload(&json, "received", transport, peer, payload)
        case .replied(let transport, let peer, let payload):
            addPayload(&json, "replied", transport, peer, payload)
        case .dropped(let transport, let peer, let payload, let reason):
            addPayload(&json, "dropped", transport, peer, payload)
            json.add("reason", reason.rawValue)
        case .closed(let id, let peer, let reason):
            json.add("event", "closed")
            json.add("transport", "tcp")
            json.add("connection", id)
            json.add("peer", peer.description)
            if let reason { json.add("reason", reason) }
        case .problem(let message):
            json.add("event", "problem")
            json.add("message", message)
        }
        if let heartbeat { addHeartbeat(heartbeat, to: &json) }
        if let grade { addGrade(grade, to: &json) }
        return json.text
    }

    private static func addPayload(
        _ json: inout JSONLine,
        _ name: String,
        _ transport: Transport,
        _ peer: Endpoint,
        _ payload: Payload
    ) {
        json.add("event", name)
        json.add("transport", transport.rawValue)
        json.add("peer", peer.description)
        json.add("bytes", payload.size)
        json.add("text", String(decoding: payload.preview, as: UTF8.self))
        json.add("truncated", payload.isCut)
    }
}
