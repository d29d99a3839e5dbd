/// How the screens write what the kernel says of a TCP connection: its figures as `ss -ti` names them (`rtt 42 µs`,
/// `retrans 0`), and the client transcript's sentences about them.
extension TCPConnectionInfo {
    /// `rtt 42 µs`, `retrans 0`: the smoothed round-trip time and the segments retransmitted so far.
    public func figures(ascii: Bool) -> [String] {
        ["rtt " + Self.roundTrip(smoothedRTT, ascii: ascii), "retrans " + NumberText.grouped(totalRetransmissions)]
    }

    /// A round-trip time the kernel measured: whole microseconds below a millisecond (a loopback RTT is tens of
    /// them), as the screens write durations above (`1.5 ms`, `210 ms`).
    public static func roundTrip(_ duration: Duration, ascii: Bool) -> String {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        guard microseconds < 1000 else { return NumberText.duration(duration) }
        return "\(max(0, microseconds)) " + (ascii ? "us" : "µs")
    }

    /// The transcript's line for the kernel's first word on a connection: `the kernel says: ESTABLISHED, smoothed
    /// RTT 42 µs, no segment retransmitted`.
    public var firstReadingSentence: String {
        "the kernel says: \(state), smoothed RTT \(Self.roundTrip(smoothedRTT, ascii: false)), "
            + Self.retransmitted(totalRetransmissions)
    }

    /// The transcript's line when TCP retransmitted since `previous`: `the kernel says: TCP retransmitted 2 segments
    /// (3 on this connection so far); smoothed RTT 210 ms`; nil when it did not.
    public func retransmittedSentence(since previous: TCPConnectionInfo) -> String? {
        let more = totalRetransmissions - previous.totalRetransmissions
        guard more > 0 else { return nil }
        let segments = more == 1 ? "1 segment" : "\(NumberText.grouped(more)) segments"
        return "the kernel says: TCP retransmitted \(segments) (\(NumberText.grouped(totalRetransmissions)) on this "
            + "connection so far); smoothed RTT \(Self.roundTrip(smoothedRTT, ascii: false))"
    }

    private static func retransmitted(_ count: Int) -> String {
        switch count {
        case 0: "no segment retransmitted"
        case 1: "1 segment retransmitted"
        default: "\(NumberText.grouped(count)) segments retransmitted"
        }
    }
}
