import FoundationEssentials

/// The ``Heartbeat`` of every UDP peer that sends lab pings or heartbeats, for the headless log: it reads each
/// datagram's event, and says when a peer has stopped.
///
/// Bounded: past ``capacity`` peers the least recently heard from is forgotten.
public struct HeartbeatTable: Sendable {
    /// Peers kept at most.
    public let capacity: Int
    /// Each peer's figures.
    public private(set) var peers: [Endpoint: Heartbeat] = [:]
    /// Peers already reported as stopped (until they send again).
    private var reportedStopped: Set<Endpoint> = []
    /// Whether a peer's host is this machine (the one-way delay is then exact).
    private let isLocal: @Sendable (String) -> Bool

    /// `isLocal` tells this machine's addresses (loopback always counts).
    public init(capacity: Int = 1_000, isLocal: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.capacity = max(1, capacity)
        self.isLocal = isLocal
    }

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, or IPv4 loopback mapped into IPv6).
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        return lowered.hasPrefix("127.") || lowered == "::1" || lowered.hasPrefix("::ffff:127.")
            || lowered == "localhost"
    }

    /// What a UDP datagram's event says about its peer's pings; nil for any other event or payload. Any other
    /// datagram from a pinging peer ends its being stopped (see ``Heartbeat/heardOther(at:)``).
    public mutating func observe(_ event: ServerEvent) -> HeartbeatObservation? {
        let peer: Endpoint
        let parsed: HeartbeatPayload
        let arrived: Bool
        switch event.kind {
        case .received(.udp, let from, let payload):
            reportedStopped.remove(from)
            guard let payload = HeartbeatPayload.parse(payload.preview) else {
                peers[from]?.heardOther(at: event.time)
                return nil
            }
            (peer, parsed, arrived) = (from, payload, true)
        case .dropped(.udp, let from, let payload, let reason):
            guard let payload = HeartbeatPayload.parse(payload.preview) else {
                // Not a ping, yet the peer sent it: it is talking.
                if peers[from] != nil {
                    reportedStopped.remove(from)
                    peers[from]?.heardOther(at: event.time)
                }
                return nil
            }
            // A ping `--drop` dropped stands for one the network lost; one refused or rate-limited is left out.
            guard reason.standsForLoss else { return nil }
            (peer, parsed, arrived) = (from, payload, false)
        default:
            return nil
        }
        let observation: HeartbeatObservation
        if var beat = peers[peer] {
            observation = arrived ? beat.arrived(parsed, at: event.time) : beat.dropped(parsed)
            peers[peer] = beat
        } else {
            let beat = Heartbeat(first: parsed, at: event.time, sameMachine: sameMachine(peer), arrived: arrived)
            observation = HeartbeatObservation(first: beat, payload: parsed)
            peers[peer] = beat
            if peers.count > capacity { forgetOldest() }
        }
        return observation
    }

    /// Peers that have stopped by `now` and were not reported yet (each once, until it sends again).
    public mutating func newlyStopped(at now: Date) -> [(peer: Endpoint, heartbeat: Heartbeat)] {
        let stopped = peers.filter { !reportedStopped.contains($0.key) && $0.value.isStopped(at: now) }
            .sorted { $0.value.lastArrival < $1.value.lastArrival }
        for (peer, _) in stopped { reportedStopped.insert(peer) }
        return stopped.map { ($0.key, $0.value) }
    }

    /// When the next peer would count as stopped, for a log that must wake then.
    public var nextStop: Date? {
        peers.filter { !reportedStopped.contains($0.key) }.compactMap(\.value.stopsAt).min()
    }

    private func sameMachine(_ peer: Endpoint) -> Bool { Self.isSameMachine(peer, isLocal: isLocal) }

    /// Whether `peer` is on this machine: a loopback address, or one `isLocal` says is this machine's (an IPv4
    /// address mapped into IPv6 read as IPv4).
    public static func isSameMachine(_ peer: Endpoint, isLocal: (String) -> Bool) -> Bool {
        let host = peer.host.lowercased().hasPrefix("::ffff:") ? String(peer.host.dropFirst(7)) : peer.host
        return isLoopback(host) || isLocal(host)
    }

    private mutating func forgetOldest() {
        guard let oldest = peers.min(by: { $0.value.lastArrival < $1.value.lastArrival })?.key else { return }
        peers[oldest] = nil
        reportedStopped.remove(oldest)
    }
}
