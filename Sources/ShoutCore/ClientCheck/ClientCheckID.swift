/// The checks of `shout check --client`, in the order they are reported within each lab. Their raw values are part
/// of the interface (text, JSON, the summary table).
public enum ClientCheckID: String, Sendable, Hashable, CaseIterable {
    case udpSent = "udp-client.sent"
    case udpPrinted = "udp-client.printed"
    case udpUnicode = "udp-client.unicode"
    case udpExits = "udp-client.exits"
    case udpLostReply = "udp-client.lost-reply"
    case tcpSent = "tcp-client.sent"
    case tcpPrinted = "tcp-client.printed"
    case tcpUnicode = "tcp-client.unicode"
    case tcpSplitReply = "tcp-client.split-reply"
    case tcpCloses = "tcp-client.closes"
    case pingerCount = "pinger.count"
    case pingerFormat = "pinger.format"
    case pingerTimeout = "pinger.timeout"
    case pingerReportsLoss = "pinger.reports-loss"
    case pingerRTT = "pinger.rtt"
    case pingerLateReply = "pinger.late-reply"
    case pingerSummary = "pinger.summary"
    case pingerBadReply = "pinger.bad-reply"
    case heartbeatInterval = "heartbeat.interval"
    case heartbeatSeq = "heartbeat.seq"
    case heartbeatSurvivesDrop = "heartbeat.survives-drop"
    case heartbeatExits = "heartbeat.exits"

    /// How this check counts (the server checks' levels: what the textbook programs do, beyond them, a fact).
    public var level: CheckID.Level {
        switch self {
        case .udpLostReply, .tcpSplitReply, .pingerLateReply, .pingerSummary, .pingerBadReply: .extra
        case .tcpCloses, .heartbeatExits: .info
        default: .required
        }
    }

    /// The lab whose runs it judges.
    public var lab: ClientLab {
        switch self {
        case .udpSent, .udpPrinted, .udpUnicode, .udpExits, .udpLostReply: .udp
        case .tcpSent, .tcpPrinted, .tcpUnicode, .tcpSplitReply, .tcpCloses: .tcp
        case .heartbeatInterval, .heartbeatSeq, .heartbeatSurvivesDrop, .heartbeatExits: .heartbeat
        default: .pinger
        }
    }

    /// Its name without the lab: `sent`, `lost-reply`.
    public var shortName: String { String(rawValue.drop { $0 != "." }.dropFirst()) }

    /// The checks of `lab`, in the order they are reported.
    public static func checks(of lab: ClientLab) -> [ClientCheckID] { allCases.filter { $0.lab == lab } }
}
