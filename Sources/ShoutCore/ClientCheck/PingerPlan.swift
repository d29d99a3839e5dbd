/// How the grader answers a Pinger client's ten pings, by their order of arrival (the first is 0): most at once, two
/// dropped, one held back a known time, one held past the client's timeout so that it comes during the next ping's
/// wait (whose own reply is held a little longer, so the late one comes first), and the last one not UTF-8.
public enum PingerPlan {
    /// Pings whose replies are dropped (the 3rd and the 8th).
    public static let dropped: Set<Int> = [2, 7]
    /// The ping whose reply is held 0.3 of a unit, for the RTT check (the 5th).
    public static let measured = 4
    /// The ping whose reply comes 1.3 units after it, after its timeout (the 6th).
    public static let late = 5
    /// The ping after it, whose reply is held 0.6 units so that the late one comes first (the 7th).
    public static let afterLate = 6
    /// The ping whose reply is not UTF-8 (the 10th).
    public static let badReply = 9

    /// How long the reply to ping `index` is held, in units of the run's timeout.
    public static func hold(_ index: Int) -> Double {
        switch index {
        case measured: 0.3
        case late: 1.3
        case afterLate: 0.6
        default: 0
        }
    }

    /// The reply to a ping: its bytes upper-cased, as the lab's server does, or for ``badReply`` its first two
    /// words and two bytes that are not UTF-8 (`PING 10 \xff\xfe`).
    public static func reply(to bytes: [UInt8], index: Int) -> [UInt8] {
        guard index == badReply else { return Uppercasing.uppercased(bytes) }
        let seq = HeartbeatPayload.parse(bytes)?.seq ?? index + 1
        return Array("PING \(seq) ".utf8) + [0xFF, 0xFE]
    }
}
