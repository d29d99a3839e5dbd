/// What became of one ping, or what a reply to one turned out to be: one line of `shout ping`'s output (or one JSON
/// object), in the manner of ping(8).
public struct PingResult: Sendable, Equatable {
    /// What it was.
    public enum Status: String, Sendable, Equatable {
        /// The reply came within the timeout.
        case reply
        /// No reply within the timeout.
        case timeout
        /// The reply came after the ping had timed out (counted as late, not as received).
        case late
        /// A second copy of a reply.
        case duplicate
        /// No reply, for another reason than the timeout (port unreachable, the connection ended first).
        case lost
        /// Never sent: the kernel refused the datagram (`reason`: a firewall, no route, a full queue). Not counted
        /// as transmitted, nor as lost.
        case notSent = "not_sent"
    }

    /// The ping's sequence number.
    public var seq: Int
    /// What it was.
    public var status: Status
    /// The round trip (a reply), or how long after sending the late reply came.
    public var rtt: Duration?
    /// The reply's bytes, as they came.
    public var reply: [UInt8]?
    /// Why it was lost, for `.lost` (and `.timeout`: `timeout`).
    public var reason: String?
    /// Whether the reply differs from the upper-cased ping (a server that does not upper-case).
    public var differs = false

    public init(seq: Int, status: Status, rtt: Duration? = nil, reply: [UInt8]? = nil, reason: String? = nil) {
        self.seq = seq
        self.status = status
        self.rtt = rtt
        self.reply = reply
        self.reason = reason
    }

    /// The round trip in milliseconds.
    public var rttMilliseconds: Double? {
        rtt.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }
    }

    /// The line, as ping(8) would put it: `25 bytes from 127.0.0.1:12000: seq=1 time=0.412 ms "PING 1 …"`; the
    /// reply's text is escaped as the panes show it, so no byte from the server reaches the terminal raw.
    public func line(from server: String) -> String {
        let quoted = reply.map { " \"" + VisibleText.escape($0) + "\"" } ?? ""
        let prefix = "\(reply?.count ?? 0) bytes from \(server): seq=\(seq)"
        let time = rttMilliseconds.map(PingStatistics.milliseconds) ?? "?"
        switch status {
        case .reply:
            return prefix + " time=\(time) ms" + quoted + (differs ? " (not the upper-cased ping)" : "")
        case .timeout:
            return "Request timed out: seq=\(seq)"
        case .late:
            return prefix + " late: \(time) ms after sending, after its timeout (counted as lost)" + quoted
        case .duplicate:
            return prefix + " (DUP!)" + quoted
        case .lost:
            return "No reply: seq=\(seq): " + (reason ?? "lost")
        case .notSent:
            return "Not sent: seq=\(seq): " + (reason ?? "not sent")
        }
    }

    /// The same as one JSON object: `{"seq", "status", "rtt_ms", "reply"}` (`null` where there is no figure).
    public var json: String {
        var json = JSONLine()
        json.add("seq", seq)
        json.add("status", status.rawValue)
        json.add("rtt_ms", rttMilliseconds)
        json.add("reply", reply.map { String(decoding: $0, as: UTF8.self) })
        if status == .lost || status == .notSent, let reason { json.add("reason", reason) }
        return json.text
    }
}
