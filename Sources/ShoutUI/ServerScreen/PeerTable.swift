import FoundationEssentials
import ShoutCore

/// Who the server is talking to: every TCP connection (open, or closed a moment ago) and every UDP sender seen
/// recently, with their counts.
///
/// Bounded: past ``udpCapacity`` UDP senders the least recently seen are forgotten; past ``closedCapacity`` closed
/// connections the longest closed are; open connections are kept while open (the server caps them). Totals of
/// forgotten peers stay in ``forgottenUDP`` so nothing silently disappears.
///
/// Counts: a TCP connection's come from its ``ConnectionTally``, kept by its handler for every read and reply, so
/// they are exact whatever the event budget left out; a UDP sender's are counted from the events, which a flood
/// thins, and ``countsAreSampled`` says when that happened.
public struct PeerTable: Sendable {
    /// One TCP connection.
    public struct Connection: Sendable, Equatable {
        /// The server's number for the connection.
        public var id: Int
        /// The peer's address.
        public var peer: Endpoint
        /// The server's end of the connection (with `peer`, the connection socket's four-tuple).
        public var local: Endpoint?
        /// When it connected.
        public var connectedAt: Date
        /// When it last sent or was sent something (or connected).
        public var lastSeen: Date
        /// The handler's exact counts, while they are live (nil in a frozen copy, or for events without one).
        public var tally: ConnectionTally?
        /// The counts as of the last event (or of the freeze), when there is no live tally.
        var counted = (received: 0, replied: 0)
        /// Reads received.
        public var received: Int { tally?.received ?? counted.received }
        /// Replies written.
        public var replied: Int { tally?.replied ?? counted.replied }
        /// When it closed; nil while open.
        public var closedAt: Date?
        /// Why it closed, for a close that was not orderly.
        public var closeReason: String?
        /// What the kernel said of it when last asked (`TCP_INFO`), while it is open; nil before the first answer.
        public var kernel: TCPConnectionInfo?

        public static func == (lhs: Connection, rhs: Connection) -> Bool {
            lhs.id == rhs.id && lhs.peer == rhs.peer && lhs.local == rhs.local && lhs.connectedAt == rhs.connectedAt
                && lhs.lastSeen == rhs.lastSeen && lhs.received == rhs.received && lhs.replied == rhs.replied
                && lhs.closedAt == rhs.closedAt && lhs.closeReason == rhs.closeReason && lhs.kernel == rhs.kernel
        }
    }

    /// A socket the server listens on.
    public struct Listener: Sendable, Equatable {
        /// TCP (the welcoming socket) or UDP (the one socket every datagram arrives on).
        public var transport: Transport
        /// The address and port it is bound to.
        public var endpoint: Endpoint
    }

    /// One UDP sender.
    public struct Sender: Sendable, Equatable {
        /// The sender's address.
        public var peer: Endpoint
        /// When it was first seen.
        public var firstSeen: Date
        /// When it last sent or was answered.
        public var lastSeen: Date
        /// Datagrams received.
        public var received = 0
        /// Replies sent.
        public var replied = 0
        /// Datagrams not answered on purpose.
        public var dropped = 0
        /// The figures of its lab pings or heartbeats (`Ping <seq> <time>`, `Heartbeat <seq> <time>`), once it
        /// sent one.
        public var heartbeat: Heartbeat?
        /// With `--grade`, the judge of its Pinger or Heartbeat client, once it sent a lab ping or heartbeat.
        public var grade: LiveGrade?
    }

    /// UDP senders kept at most.
    public let udpCapacity: Int
    /// Closed TCP connections kept at most.
    public let closedCapacity: Int
    /// TCP connections by id.
    public private(set) var connections: [Int: Connection] = [:]
    /// UDP senders by address.
    public private(set) var senders: [Endpoint: Sender] = [:]
    /// The sockets the server listens on: TCP's welcoming socket and the UDP socket, in the order reported.
    public private(set) var listeners: [Listener] = []
    /// UDP senders forgotten to stay within ``udpCapacity``.
    public private(set) var forgottenUDP = 0
    /// Whether some events were left out (a flood past the event budget): UDP senders' counts are then sampled,
    /// and so are their Heartbeat gaps (a datagram left out of the events would look like a gap).
    public var countsAreSampled = false
    /// This machine's addresses, so a pinging peer's one-way delay is called exact (one clock) or an estimate.
    public var localHosts: Set<String> = []
    /// Whether pinging peers are judged (`--grade`): each sender's ``Sender/grade``.
    public var grading = false
    /// Connections open now.
    private var openCount = 0
    /// Closed connections' ids, longest closed first.
    private var closedOrder: [Int] = []

    /// An empty table.
    public init(udpCapacity: Int = 1_000, closedCapacity: Int = 100) {
        self.udpCapacity = max(1, udpCapacity)
        self.closedCapacity = max(0, closedCapacity)
    }

    /// TCP connections open now.
    public var openConnections: Int { openCount }

    /// How many rows the Peers pane lists.
    public var rowCount: Int { listeners.count + connections.count + senders.count }

    /// Takes one event into account; events that are not about peers are ignored.
    public mutating func apply(_ event: ServerEvent) {
        let time = event.time
        switch event.kind {
        case .listening(let transport, let endpoint):
            let listener = Listener(transport: transport, endpoint: endpoint)
            if !listeners.contains(listener) { listeners.append(listener) }
        case .connected(let id, let peer, let local):
            if connections[id]?.closedAt == nil, connections[id] != nil { openCount -= 1 }
            connections[id] = Connection(
                id: id,
                peer: peer,
                local: local,
                connectedAt: time,
                lastSeen: time,
                tally: event.connection
            )
            openCount += 1
        case .closed(let id, _, let reason):
            guard var connection = connections[id], connection.closedAt == nil else { return }
            openCount -= 1
            connection.closedAt = time
            connection.closeReason = reason
            // Its socket is gone: what the kernel said of it no longer holds.
            connection.kernel = nil
            connection.lastSeen = time
            connections[id] = connection
            closedOrder.append(id)
            if closedOrder.count > closedCapacity {
                let excess = closedOrder.count - closedCapacity
                for old in closedOrder.prefix(excess) { connections[old] = nil }
                closedOrder.removeFirst(excess)
            }
        case .received(.tcp, _, _):
            updateConnection(event.connection?.id, time: time) { $0.counted.received += 1 }
        case .replied(.tcp, _, _):
            updateConnection(event.connection?.id, time: time) { $0.counted.replied += 1 }
        case .received(.udp, let peer, let payload):
            let beat = HeartbeatPayload.parse(payload.preview)
            let local = beat != nil && isSameMachine(peer)
            let grading = grading && beat != nil || senders[peer]?.grade != nil
            updateSender(peer: peer, time: time) { sender in
                sender.received += 1
                if grading { Self.grade(&sender, payload, at: time, dropped: nil, sameMachine: local) }
                guard let beat else {
                    // Any other datagram from a pinging peer: it is talking, so it has not stopped.
                    sender.heartbeat?.heardOther(at: time)
                    return
                }
                if sender.heartbeat == nil {
                    sender.heartbeat = Heartbeat(first: beat, at: time, sameMachine: local)
                } else {
                    _ = sender.heartbeat?.arrived(beat, at: time)
                }
            }
        case .replied(.udp, let peer, _):
            updateSender(peer: peer, time: time) { $0.replied += 1 }
        case .dropped(.udp, let peer, let payload, let reason):
            // One event for a datagram that came in and was not answered; one `--drop` dropped is a Heartbeat gap.
            let parsed = HeartbeatPayload.parse(payload.preview)
            let beat = reason.standsForLoss ? parsed : nil
            let local = parsed != nil && isSameMachine(peer)
            let grading = reason != .refused && (grading && parsed != nil || senders[peer]?.grade != nil)
            updateSender(peer: peer, time: time) { sender in
                sender.received += 1
                sender.dropped += 1
                if grading { Self.grade(&sender, payload, at: time, dropped: reason, sameMachine: local) }
                guard let beat else {
                    // Not a ping, yet the peer sent it: it is talking (a refused or rate-limited ping is left out).
                    if parsed == nil { sender.heartbeat?.heardOther(at: time) }
                    return
                }
                if sender.heartbeat == nil {
                    sender.heartbeat = Heartbeat(first: beat, at: time, sameMachine: local, arrived: false)
                } else {
                    _ = sender.heartbeat?.dropped(beat)
                }
            }
        case .dropped(.tcp, _, _, _), .problem:
            break
        }
    }

    /// Takes the kernel's view of the open connections (by id, as the server read it); a connection missing from it
    /// keeps what it had (it was accepted after the server looked), and closed ones are left alone. Returns whether
    /// anything shown changed.
    @discardableResult
    public mutating func applyKernelView(_ view: [Int: TCPConnectionInfo]) -> Bool {
        var changed = false
        for (id, info) in view {
            guard var connection = connections[id], connection.closedAt == nil, connection.kernel != info else {
                continue
            }
            connection.kernel = info
            connections[id] = connection
            changed = true
        }
        return changed
    }

    /// Forgets UDP senders and closed connections; open connections stay (they are still there).
    public mutating func clear() {
        senders.removeAll()
        forgottenUDP = 0
        connections = connections.filter { $0.value.closedAt == nil }
        closedOrder.removeAll()
    }

    /// What the Peers pane lists, in order, as the lecture tells it: TCP's welcoming socket, the open connection
    /// sockets (newest first), the UDP socket, the UDP senders (most recent first), then closed connections (most
    /// recently closed first).
    public var rows: [PeerRow] {
        let all = Array(connections.values)
        let open = all.filter { $0.closedAt == nil }.sorted { $0.id > $1.id }
        let closed = all.filter { $0.closedAt != nil }.sorted { ($0.lastSeen, $0.id) > ($1.lastSeen, $1.id) }
        let udp = senders.values.sorted { lhs, rhs in
            lhs.lastSeen != rhs.lastSeen ? lhs.lastSeen > rhs.lastSeen : lhs.peer.description < rhs.peer.description
        }
        let welcoming = listeners.filter { $0.transport == .tcp }.map(PeerRow.listening)
        let udpSockets = listeners.filter { $0.transport == .udp }.map(PeerRow.listening)
        return welcoming + open.map(PeerRow.tcp) + udpSockets + udp.map(PeerRow.udp) + closed.map(PeerRow.tcp)
    }

    /// A copy whose counts hold still: each connection's live tally read now and kept as plain numbers (a paused
    /// Peers pane).
    public func frozen() -> PeerTable {
        var copy = self
        for (id, var connection) in copy.connections {
            connection.counted = (connection.received, connection.replied)
            connection.tally = nil
            copy.connections[id] = connection
        }
        return copy
    }

    /// Whether a peer is on this machine: loopback, or one of ``localHosts`` (IPv4 mapped into IPv6 as well).
    /// Takes a datagram into a sender's judge under `--grade`, making one at its first lab ping or heartbeat.
    private static func grade(
        _ sender: inout Sender,
        _ payload: Payload,
        at time: Date,
        dropped reason: ServerEvent.DropReason?,
        sameMachine: Bool
    ) {
        if sender.grade == nil {
            sender.grade = LiveGrade(first: payload.preview, at: time, dropped: reason, sameMachine: sameMachine)
        } else {
            sender.grade?.saw(payload.preview, at: time, dropped: reason)
        }
    }

    private func isSameMachine(_ peer: Endpoint) -> Bool {
        HeartbeatTable.isSameMachine(peer, isLocal: localHosts.contains)
    }

    private mutating func updateConnection(_ id: Int?, time: Date, _ change: (inout Connection) -> Void) {
        guard let id, var connection = connections[id], connection.closedAt == nil else { return }
        change(&connection)
        connection.lastSeen = time
        connections[id] = connection
    }

    private mutating func updateSender(peer: Endpoint, time: Date, _ change: (inout Sender) -> Void) {
        var sender = senders[peer] ?? Sender(peer: peer, firstSeen: time, lastSeen: time)
        change(&sender)
        sender.lastSeen = max(sender.lastSeen, time)
        senders[peer] = sender
        if senders.count > udpCapacity { forgetLeastRecentSenders() }
    }

    /// Forgets the least recently seen tenth (at least one) so eviction is not paid on every new sender.
    private mutating func forgetLeastRecentSenders() {
        let excess = senders.count - udpCapacity + max(1, udpCapacity / 10)
        let oldest = senders.values.sorted { $0.lastSeen < $1.lastSeen }.prefix(max(0, excess))
        for sender in oldest { senders[sender.peer] = nil }
        forgottenUDP += oldest.count
    }
}

/// One row of the Peers pane.
public enum PeerRow: Sendable, Equatable {
    /// A socket the server listens on (TCP's welcoming socket, or the UDP socket).
    case listening(PeerTable.Listener)
    /// A TCP connection.
    case tcp(PeerTable.Connection)
    /// A UDP sender.
    case udp(PeerTable.Sender)
}
