import FoundationEssentials

/// Which of a capture's records are a client's own: the capture of the server's port sees every local client's
/// packets (the demo's, a second client's on the same machine), and the client keeps those of its own sockets, told
/// by their local ends (transport, address and port).
///
/// A TCP connection's SYN leaves before the client learns its own port (its socket says it once connected), so a
/// record that belongs to no socket known yet is held (``holdLimit`` at most, ``pendingLimit`` of them) in case a
/// socket that opens meanwhile turns out to be its sender; then it is dropped. The ends stay known after their socket
/// closed (the FINs come after), the newest ``ownedLimit`` of them.
public struct ClientWireFilter: Sendable {
    /// How long a record of no known socket is held, in seconds of the records' time.
    public static let holdLimit: TimeInterval = 5
    /// The most records held at once (the oldest go first).
    public static let pendingLimit = 256
    /// The most local ends remembered (the oldest go first).
    public static let ownedLimit = 64

    /// A socket's own end.
    struct End: Equatable, Sendable {
        var transport: Transport
        var local: Endpoint
    }

    private var owned: [End] = []
    /// Records of no known socket yet, oldest first.
    private var pending: [WireRecord] = []

    public init() {}

    /// How many records are held, waiting for their socket to be known.
    public var pendingCount: Int { pending.count }

    /// Makes `local` a socket of the client's own, over `transport`: its records are kept from now on, and those held
    /// are released by the next ``take(_:now:)``.
    public mutating func own(_ local: Endpoint, over transport: Transport) {
        let end = End(transport: transport, local: local)
        guard !owned.contains(end) else { return }
        owned.append(end)
        if owned.count > Self.ownedLimit { owned.removeFirst(owned.count - Self.ownedLimit) }
    }

    /// The client's own records among those held and `records` (the capture's, oldest first), in the order the
    /// capture read them (the screen puts each in place by its time); the rest is held if it may still turn out to be
    /// the client's, or dropped. `now` is the capture's clock (the records' time), for the hold.
    public mutating func take(_ records: [WireRecord], now: Date) -> [WireRecord] {
        var kept: [WireRecord] = []
        var stillPending: [WireRecord] = []
        for record in pending + records {
            if isOwn(record) {
                kept.append(record)
            } else if now.timeIntervalSince(record.time) < Self.holdLimit {
                stillPending.append(record)
            }
        }
        if stillPending.count > Self.pendingLimit { stillPending.removeFirst(stillPending.count - Self.pendingLimit) }
        pending = stillPending
        return kept
    }

    /// Whether `record` belongs to one of the client's known sockets.
    public func isOwn(_ record: WireRecord) -> Bool {
        guard let end = Self.clientEnd(of: record) else { return false }
        return owned.contains(end)
    }

    /// The client's end of the packet a record is about: the far end of a TCP segment or UDP datagram as the
    /// capture of the server's port sees it, or for an ICMP error the end of the packet it quotes that is not the
    /// server's.
    static func clientEnd(of record: WireRecord) -> End? {
        switch record.content {
        case .tcp: return End(transport: .tcp, local: record.peer)
        case .udp: return End(transport: .udp, local: record.peer)
        case .icmp(let icmp):
            // An error about a packet sent to the server's port quotes the client as its source; one about a packet
            // from the server's port, as its destination.
            return End(transport: icmp.transport, local: record.direction == .outgoing ? icmp.source : icmp.destination)
        }
    }
}
