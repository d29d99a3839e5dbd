/// The checks of `shout check`, in the order they run within each transport. Their raw values are part of the
/// interface (text, JSON, the summary table).
///
/// Within a transport the checks that may kill a fragile server (`tcp.split`, `*.bad-bytes`) come last: the
/// textbook servers die in `decode()` on bytes that are not UTF-8 or on a character split across reads.
public enum CheckID: String, Sendable, Hashable, CaseIterable {
    case udpReply = "udp.reply"
    case udpUnicode = "udp.unicode"
    case udpSize = "udp.size"
    case udpPeers = "udp.peers"
    case udpLoss = "udp.loss"
    case udpBadBytes = "udp.bad-bytes"
    case tcpReply = "tcp.reply"
    case tcpUnicode = "tcp.unicode"
    case tcpClose = "tcp.close"
    case tcpConcurrent = "tcp.concurrent"
    case tcpSplit = "tcp.split"
    case tcpBadBytes = "tcp.bad-bytes"

    /// How a check counts: what the four textbook programs do, what goes beyond them, or a measured fact.
    public enum Level: String, Sendable {
        case required
        case extra
        case info
    }

    /// How this check counts.
    public var level: Level {
        switch self {
        case .udpReply, .udpUnicode, .udpSize, .tcpReply, .tcpUnicode: .required
        case .udpPeers, .udpBadBytes, .tcpSplit, .tcpConcurrent, .tcpBadBytes: .extra
        case .udpLoss, .tcpClose: .info
        }
    }

    /// The transport it checks.
    public var transport: Transport { rawValue.hasPrefix("udp.") ? .udp : .tcp }

    /// Its name without the transport: `reply`, `bad-bytes`.
    public var shortName: String { String(rawValue.drop { $0 != "." }.dropFirst()) }

    /// Whether it may leave a fragile server dead, so the server is asked whether it still answers after it.
    public var mayKillServer: Bool { self == .udpBadBytes || self == .tcpSplit || self == .tcpBadBytes }

    /// The checks of `transport`, in the order they run.
    public static func checks(of transport: Transport) -> [CheckID] {
        allCases.filter { $0.transport == transport }
    }
}
