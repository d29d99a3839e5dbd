import FoundationEssentials

/// Follows the packets of one server port: tells their direction, numbers each TCP connection's segments from 0 in
/// each direction (relative sequence and acknowledgement numbers, as Wireshark shows them), and names a segment
/// that sends a sequence range again as a retransmission, and scales the window by what the SYNs agreed.
///
/// It must see every TCP segment of the port, sampled or not, to keep the numbers right; it remembers at most
/// ``connectionLimit`` connections (the finished ones are forgotten first).
public struct WireTracker: Sendable {
    /// The most connections remembered at once.
    public static let connectionLimit = 4096

    /// The server's port.
    public let port: Int
    private var connections: [ConnectionKey: ConnectionState] = [:]

    public init(port: Int) {
        self.port = port
    }

    /// How many connections it remembers now.
    public var connectionCount: Int { connections.count }

    /// The record of `packet`, read at `time`; nil when it is not about the server's port.
    public mutating func record(_ packet: WirePacket, at time: Date) -> WireRecord? {
        switch packet.content {
        case .tcp(let header):
            guard let (direction, peer, local) = sides(packet.source, packet.destination) else { return nil }
            let segment = track(header, direction: direction, key: ConnectionKey(peer: peer, local: local))
            return WireRecord(time: time, direction: direction, peer: peer, local: local, content: .tcp(segment))
        case .udp(let payload):
            guard let (direction, peer, local) = sides(packet.source, packet.destination) else { return nil }
            return WireRecord(time: time, direction: direction, peer: peer, local: local, content: .udp(payload))
        case .icmp(let icmp):
            // An error about a packet sent to the server's port goes back to its sender; one about a packet the
            // server sent comes in from the peer that could not take it.
            if icmp.destination.port == port {
                return WireRecord(
                    time: time,
                    direction: .outgoing,
                    peer: packet.destination,
                    local: packet.source,
                    content: .icmp(icmp)
                )
            }
            guard icmp.source.port == port else { return nil }
            return WireRecord(
                time: time,
                direction: .incoming,
                peer: packet.source,
                local: packet.destination,
                content: .icmp(icmp)
            )
        }
    }

    private func sides(_ source: Endpoint, _ destination: Endpoint) -> (WireRecord.Direction, Endpoint, Endpoint)? {
        if destination.port == port { return (.incoming, source, destination) }
        if source.port == port { return (.outgoing, destination, source) }
        return nil
    }

    private mutating func track(
        _ header: WirePacket.TCPHeader,
        direction: WireRecord.Direction,
        key: ConnectionKey
    ) -> WireRecord.TCPSegment {
        var state = connections[key] ?? ConnectionState()
        let side = direction == .incoming ? 0 : 1
        let other = 1 - side
        // A new SYN with another initial number on a remembered pair of ports: a new connection.
        if header.flags.contains(.syn), !header.flags.contains(.ack), let base = state.base[side],
            base != header.sequence
        {
            state = ConnectionState()
        }
        let base = state.base[side] ?? header.sequence
        state.base[side] = base
        let sequence = header.sequence &- base
        var acknowledgement: UInt32?
        if header.flags.contains(.ack) {
            let otherBase = state.base[other] ?? header.acknowledgement
            state.base[other] = otherBase
            acknowledgement = header.acknowledgement &- otherBase
        }
        let length = UInt32(truncatingIfNeeded: header.sequenceLength)
        var isRetransmission = false
        if length > 0 {
            let end = sequence &+ length
            if let next = state.next[side] {
                isRetransmission = Int32(bitPattern: sequence &- next) < 0
                if Int32(bitPattern: end &- next) > 0 { state.next[side] = end }
            } else {
                state.next[side] = end
            }
        }
        // The window as Wireshark calculates it: scaled once both SYNs offered a scale (a SYN's own never is).
        var window = header.window
        if header.flags.contains(.syn) {
            state.scale[side] = header.windowScale ?? -1
        } else if let own = state.scale[side], let theirs = state.scale[other], own >= 0, theirs >= 0 {
            window <<= own
        }
        if header.flags.contains(.fin) { state.finished[side] = true }
        if header.flags.contains(.rst) { state.finished = [true, true] }
        remember(state, for: key)
        return WireRecord.TCPSegment(
            flags: header.flags,
            sequence: sequence,
            acknowledgement: acknowledgement,
            window: window,
            payload: header.payload,
            isRetransmission: isRetransmission
        )
    }

    private mutating func remember(_ state: ConnectionState, for key: ConnectionKey) {
        if connections[key] == nil, connections.count >= Self.connectionLimit {
            connections = connections.filter { !$0.value.isFinished }
            if connections.count >= Self.connectionLimit {
                // Still full of open connections: forget half of them (their later segments count from there).
                connections = Dictionary(uniqueKeysWithValues: connections.prefix(Self.connectionLimit / 2).map { $0 })
            }
        }
        connections[key] = state
    }

    private struct ConnectionKey: Hashable, Sendable {
        var peer: Endpoint
        var local: Endpoint
    }

    private struct ConnectionState: Sendable {
        /// The raw number each side's counting starts from: [peer's, server's].
        var base: [UInt32?] = [nil, nil]
        /// The relative number after the highest sequence space each side has sent.
        var next: [UInt32?] = [nil, nil]
        var finished = [false, false]
        /// The window scale each side's SYN offered (-1: none); nil until its SYN is seen.
        var scale: [Int?] = [nil, nil]
        var isFinished: Bool { finished[0] && finished[1] }
    }
}
