import ShoutCore

/// What a Peers row says of a connection from the kernel's view (`TCP_INFO`): `ESTABLISHED · rtt 42 µs · 0
/// retransmissions`, or `CLOSE_WAIT …` while the peer has closed its side and the server has not closed yet.
extension ServerScreenRenderer {
    /// The kernel's view of a connection in parts, most telling first: its TCP state as the kernel names it, the
    /// smoothed round-trip time, the segments retransmitted so far.
    static func kernelParts(_ info: TCPConnectionInfo, ascii: Bool) -> [String] {
        let retransmissions = info.totalRetransmissions
        return [
            info.state,
            "rtt " + kernelDuration(info.smoothedRTT, ascii: ascii),
            "\(ServerScreenText.grouped(retransmissions)) retransmission" + (retransmissions == 1 ? "" : "s"),
        ]
    }

    /// A kernel's round-trip time: whole microseconds below a millisecond (a loopback RTT is tens of them), as the
    /// screens write durations above.
    static func kernelDuration(_ duration: Duration, ascii: Bool) -> String {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        guard microseconds < 1000 else { return NumberText.duration(duration) }
        return "\(max(0, microseconds)) " + (ascii ? "us" : "µs")
    }
}
