import FoundationEssentials

extension ServerEventFormatter {
    /// The Heartbeat facts on the line of a lab ping or heartbeat datagram, as text:
    /// `[ping seq 5 · gaps 2 (3–4) · reordered · one-way 0.312 ms]`.
    static func heartbeatText(_ observation: HeartbeatObservation) -> String {
        let word = observation.payload.kind == .ping ? "ping" : "heartbeat"
        var parts = ["\(word) seq \(observation.payload.seq)"]
        guard let beat = observation.heartbeat else { return "[" + parts[0] + "]" }
        if observation.arrived == false { parts.append("dropped here: a gap unless it comes again") }
        parts.append("gaps " + beat.gapsText(ascii: true))
        if observation.isDuplicate { parts.append("duplicate") }
        if observation.isReordered { parts.append("reordered") }
        if beat.reordered > 0 { parts.append("reordered so far \(beat.reordered)") }
        if let oneWay = observation.oneWay {
            parts.append(
                beat.sameMachine
                    ? "one-way \(PingStatistics.milliseconds(oneWay)) ms"
                    : "one-way ~\(PingStatistics.milliseconds(oneWay)) ms (estimate: two clocks)"
            )
        }
        if observation.resumed { parts.append("resumed after it had stopped") }
        return "[" + parts.joined(separator: " · ") + "]"
    }

    /// Adds the Heartbeat fields of a lab ping or heartbeat datagram to its JSON line: `seq`, `heartbeat` (`ping` or
    /// `heartbeat`, the word it starts with), `gaps` (sequence numbers that never arrived so far), `missing` (the
    /// first of them, as text), `reorders` (arrivals after a higher number so far), `duplicates`, and for this
    /// datagram `reordered`, `duplicate`, `one_way_ms` (when its time parses) with `one_way_estimate` (the peer is
    /// on another machine, whose clock differs), `resumed`.
    static func addHeartbeat(_ observation: HeartbeatObservation, to json: inout JSONLine) {
        json.add("seq", observation.payload.seq)
        json.add("heartbeat", observation.payload.kind == .ping ? "ping" : "heartbeat")
        guard let beat = observation.heartbeat else { return }
        json.add("gaps", beat.gapCount)
        json.add("missing", beat.missingText(ascii: true))
        json.add("reorders", beat.reordered)
        json.add("duplicates", beat.duplicates)
        json.add("reordered", observation.isReordered)
        json.add("duplicate", observation.isDuplicate)
        if let oneWay = observation.oneWay {
            json.add("one_way_ms", oneWay)
            json.add("one_way_estimate", !beat.sameMachine)
        }
        if observation.resumed { json.add("resumed", true) }
    }

    /// The line that says a pinging peer has stopped: three of its intervals without a datagram, and at least
    /// ``Heartbeat/shortestStop``.
    public static func stoppedLine(peer: Endpoint, heartbeat beat: Heartbeat, at now: Date, format: Format) -> String {
        let silent = now.timeIntervalSince(beat.lastArrival)
        let interval = beat.interval ?? 0
        switch format {
        case .text:
            return "\(Timestamp.clockMilliseconds(now)) peer-stopped udp \(peer) stopped: last seq \(beat.lastSeq) "
                + "\(String(format1: silent)) s ago (3 intervals of \(PingStatistics.milliseconds(interval * 1000)) "
                + "ms\(3 * interval < Heartbeat.shortestStop ? ", at least 3 s" : "")) · gaps \(beat.gapsText(ascii: true))"
        case .json:
            var json = udpPeerJSON("peer-stopped", peer: peer, at: now)
            json.add("seq", beat.lastSeq)
            json.add("gaps", beat.gapCount)
            json.add("missing", beat.missingText(ascii: true))
            json.add("reorders", beat.reordered)
            json.add("duplicates", beat.duplicates)
            json.add("interval_ms", interval * 1000)
            json.add("silent_ms", silent * 1000)
            return json.text
        }
    }

    /// The start of a JSON line the log writes about a UDP peer on its own (not an event's): `time`, `event`,
    /// `transport`, `peer`.
    static func udpPeerJSON(_ event: String, peer: Endpoint, at now: Date) -> JSONLine {
        var json = JSONLine()
        json.add("time", Timestamp.iso8601(now))
        json.add("event", event)
        json.add("transport", "udp")
        json.add("peer", peer.description)
        return json
    }
}
