import ShoutSockets

/// Which datagrams `--grade` leaves unanswered on purpose: the third lab ping or heartbeat of each peer (address and
/// port), unless one of its first three got no reply already, so that every pinging peer's timeout is judged.
///
/// Bounded in two generations: when the current one is full it becomes the old one and the oldest is forgotten; a
/// peer found in the old generation moves back. A peer forgotten in a flood of senders counts afresh.
struct GradingDrops {
    /// A sender: its address and port.
    struct Peer: Hashable {
        var address: SourceAddress
        var port: Int
    }

    /// Lab datagrams seen from a peer, and whether one got no reply.
    private struct Record {
        var seen = 0
        var dropped = false
    }

    /// The datagram of each peer dropped on purpose (counting its lab datagrams from 1).
    static let dropped = 3
    /// Peers kept in each generation.
    let capacity: Int
    private var current: [Peer: Record] = [:]
    private var old: [Peer: Record] = [:]

    init(capacity: Int = 4_096) {
        self.capacity = max(1, capacity)
    }

    /// Counts a lab datagram from `peer`, which an earlier rule dropped already or not, and says whether to drop it
    /// on purpose.
    mutating func dropsOnPurpose(_ peer: Peer, droppedAlready: Bool) -> Bool {
        var record = current.removeValue(forKey: peer) ?? old.removeValue(forKey: peer) ?? Record()
        record.seen += 1
        let drop = !droppedAlready && !record.dropped && record.seen == Self.dropped
        record.dropped = record.dropped || droppedAlready || drop
        if current.count >= capacity {
            old = current
            current = [:]
        }
        current[peer] = record
        return drop
    }

    /// Peers remembered now.
    var trackedPeers: Int { current.count + old.count }
}
