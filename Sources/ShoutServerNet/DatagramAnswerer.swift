import ShoutCore
import ShoutSockets
import ShoutSystem

/// What the server does with each datagram ``DatagramLoop`` reads: the rules that refuse one, the impairments, the counts and the listed events.
///
/// Confined to the loop's thread. Counts and events gather during one read burst and are published at its end
/// (``endBurst()``), so the counters cost a handful of atomic operations a burst rather than four a datagram.
final class DatagramAnswerer {
    /// How to answer a datagram that gets a reply.
    struct Answer {
        /// The sender, when this datagram is listed as events (it fit the event budget).
        var listedAs: Endpoint?
        /// How long the reply waits, in milliseconds (0: at once).
        var delayMilliseconds: Int
    }

    private let counters: ServerCounters
    private let events: EventChannel<ServerEvent>
    private let impairments: Impairments
    /// The port the socket is bound to: a datagram from it is refused (see ``refusal(for:)``).
    var ownPort: Int?
    private var rateLimiter: RateLimiter<SourceAddress>?
    private var pendingEvents: [ServerEvent] = []
    private var burst = ServerCounters.Snapshot()
    /// Bounds the problem lines of a flood (a firewall refusing every reply).
    private var problemThrottle = ProblemThrottle<Int32>()

    init(
        counters: ServerCounters,
        events: EventChannel<ServerEvent>,
        impairments: Impairments,
        ownPort: Int? = nil,
        rateLimit: Int? = nil
    ) {
        self.counters = counters
        self.events = events
        self.impairments = impairments
        self.ownPort = ownPort
        self.rateLimiter = rateLimit.map { RateLimiter(perSecond: $0) }
    }

    /// Counts a datagram and decides its fate: nil when it gets no reply (it is counted and listed as dropped),
    /// else how to answer it. Only a listed datagram pays for its sender's text form and a copy of its bytes.
    /// `heldBytes` is what the replies held back already take (see ``DelayedReplies/room``): a reply that would
    /// wait past that room is dropped instead.
    func take<Bytes: Collection, Sender: DatagramSender>(
        _ request: Bytes,
        from sender: Sender,
        heldBytes: Int
    ) -> Answer? where Bytes.Element == UInt8 {
        burst.received += 1
        burst.bytesIn += request.count
        // A datagram not answered is one event (`dropped`); one answered is two (`received`, `replied`), listed
        // together or not at all past the event budget.
        if let reason = refusal(for: sender) {
            drop(request, from: sender, reason: reason)
            return nil
        }
        let delay = impairments.nextDelay()
        if delay > 0, heldBytes + DelayedReplies.cost(bytes: request.count) > DelayedReplies.room {
            drop(request, from: sender, reason: .heldFull)
            return nil
        }
        let peer = events.admit(2) ? sender.sourceEndpoint : nil
        if let peer { pendingEvents.append(ServerEvent(.received(.udp, peer: peer, payload: Payload(request)))) }
        return Answer(listedAs: peer, delayMilliseconds: delay)
    }

    /// Counts a datagram that gets no reply, and lists it as dropped within the budget.
    private func drop<Bytes: Collection, Sender: DatagramSender>(
        _ request: Bytes,
        from sender: Sender,
        reason: ServerEvent.DropReason
    ) where Bytes.Element == UInt8 {
        burst.dropped += 1
        guard events.admit(1) else { return }
        pendingEvents.append(
            ServerEvent(.dropped(.udp, peer: sender.sourceEndpoint, payload: Payload(request), reason: reason))
        )
    }

    /// Counts a reply about to be sent, and lists it when its datagram was listed.
    func replying<Bytes: Collection>(_ reply: Bytes, listedAs peer: Endpoint?) where Bytes.Element == UInt8 {
        burst.replied += 1
        burst.bytesOut += reply.count
        if let peer { pendingEvents.append(ServerEvent(.replied(.udp, peer: peer, payload: Payload(reply)))) }
    }

    /// Takes back the count of a reply the kernel refused to send.
    func unsent(byteCount: Int) {
        burst.replied -= 1
        burst.bytesOut -= byteCount
    }

    /// Lists a problem of the socket (an ICMP error for an earlier reply, a failed send): a line, within the budget,
    /// and at most one a second of each `kind` (an errno), which says how many like it went unlisted meanwhile.
    func report(_ problem: String, kind: Int32 = 0) {
        guard let unlisted = problemThrottle.admit(kind, at: MonotonicClock.nanoseconds()) else { return }
        let more = unlisted > 0 ? " (and \(NumberText.grouped(unlisted)) more like it since the last such line)" : ""
        if events.admit(1) { pendingEvents.append(ServerEvent(.problem("UDP: \(problem)\(more)"))) }
    }

    /// Publishes the burst's counts and hands its events to the event channel in one call.
    func endBurst() {
        if burst != ServerCounters.Snapshot() {
            if burst.received != 0 { counters.received.wrappingAdd(burst.received, ordering: .relaxed) }
            if burst.bytesIn != 0 { counters.bytesIn.wrappingAdd(burst.bytesIn, ordering: .relaxed) }
            if burst.dropped != 0 { counters.dropped.wrappingAdd(burst.dropped, ordering: .relaxed) }
            if burst.replied != 0 { counters.replied.wrappingAdd(burst.replied, ordering: .relaxed) }
            if burst.bytesOut != 0 { counters.bytesOut.wrappingAdd(burst.bytesOut, ordering: .relaxed) }
            burst = ServerCounters.Snapshot()
        }
        guard !pendingEvents.isEmpty else { return }
        events.send(contentsOf: pendingEvents)
        pendingEvents.removeAll(keepingCapacity: true)
    }

    /// Why a datagram gets no reply, or nil to answer it.
    private func refusal<Sender: DatagramSender>(for sender: Sender) -> ServerEvent.DropReason? {
        // Answering a privileged port or our own port could start an endless loop between two echo-like servers:
        // another machine's Shout server listens on the same port, so a datagram spoofed as coming from it carries
        // our own port as its source, from any address (CERT CA-1996-01).
        let port = sender.sourcePort
        if port < 1024 || port == ownPort { return .refused }
        if rateLimiter != nil, rateLimiter?.allow(sender.sourceAddress, at: MonotonicClock.nanoseconds()) == false {
            return .rateLimited
        }
        if impairments.shouldDrop() { return .impairment }
        return nil
    }
}
