import ShoutCore

/// What the server does on one TCP connection ``StreamLoop`` serves: the counts, the events it is listed by, and the upper-casing that keeps a character cut
/// across two reads whole. Its methods return the events to list; the loop gathers them and hands a burst's events
/// to the event channel at once.
///
/// Confined to the loop's thread.
final class ConnectionAnswerer {
    /// The connection's number, as in its events.
    let id: Int
    /// This connection's exact counts, carried by its events for the Peers pane.
    let tally: ConnectionTally
    private let counters: ServerCounters
    private let events: EventChannel<ServerEvent>
    private var uppercaser = StreamingUppercaser()
    private let peerAddress: () -> Endpoint
    private var peerText: Endpoint?
    /// Whether the current read is listed as events (see ``EventChannel/admit(_:)``).
    private var listed = true
    /// Whether this connection's opening and closing are listed as events.
    private var connectionListed = false

    /// `peerAddress` gives the peer's text form; it is asked only when an event lists it (most connections of a
    /// busy server never are).
    init(id: Int, counters: ServerCounters, events: EventChannel<ServerEvent>, peerAddress: @escaping () -> Endpoint) {
        self.id = id
        self.tally = ConnectionTally(id: id)
        self.counters = counters
        self.events = events
        self.peerAddress = peerAddress
    }

    /// The peer's text form, made once.
    var peer: Endpoint {
        if let peerText { return peerText }
        let text = peerAddress()
        peerText = text
        return text
    }

    /// The connection has opened: its `connected` event, if it fits the budget. A connection is listed (connected
    /// and closed) or not at all, so a watcher never sees half of it.
    func opened(local: () -> Endpoint) -> ServerEvent? {
        connectionListed = events.admit(2)
        guard connectionListed else { return nil }
        return ServerEvent(.connected(connection: id, peer: peer, local: local()), connection: tally)
    }

    /// Counts a read; its `received` event, when the read and its reply fit the budget (listed together or not at
    /// all).
    func received<Bytes: Collection>(_ request: Bytes) -> ServerEvent? where Bytes.Element == UInt8 {
        counters.received.wrappingAdd(1, ordering: .relaxed)
        counters.bytesIn.wrappingAdd(request.count, ordering: .relaxed)
        tally.countRead()
        listed = events.admit(2)
        guard listed else { return nil }
        return ServerEvent(.received(.tcp, peer: peer, payload: Payload(request)), connection: tally)
    }

    /// Whether the next read must take the Unicode path whatever it holds: a character the last read cut off waits.
    var holdsPartOfACharacter: Bool { uppercaser.hasPendingBytes }

    /// The upper-cased bytes of a read that is not all ASCII, or that follows a cut character.
    func unicodeReply<Bytes: Sequence>(to request: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        uppercaser.feed(request)
    }

    /// The peer closed its side: the bytes still held (a cut character's, as they came), listed.
    func inputClosed() -> [UInt8] {
        listed = true
        return uppercaser.finish()
    }

    /// Counts a reply about to be written; its `replied` event, when its read was listed. An empty reply is none.
    func replying<Bytes: Collection>(_ reply: Bytes) -> ServerEvent? where Bytes.Element == UInt8 {
        guard !reply.isEmpty else { return nil }
        counters.replied.wrappingAdd(1, ordering: .relaxed)
        counters.bytesOut.wrappingAdd(reply.count, ordering: .relaxed)
        tally.countReply()
        guard listed else { return nil }
        return ServerEvent(.replied(.tcp, peer: peer, payload: Payload(reply)), connection: tally)
    }

    /// The connection has closed, for `reason` (nil: in the ordinary way); its `closed` event if it was listed.
    func closed(reason: String?) -> ServerEvent? {
        guard connectionListed else { return nil }
        return ServerEvent(.closed(connection: id, peer: peer, reason: reason), connection: tally)
    }
}
