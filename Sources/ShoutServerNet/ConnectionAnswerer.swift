import ShoutCore

/// What the server does on one TCP connection ``StreamLoop`` serves: the upper-casing that keeps a character cut
/// across two reads whole, and what it records of the connection (its tally, the counts and events in the loop's
/// ``ServerBurst``, published once a wake-up as the UDP loop's are). A connection is listed (connected and closed)
/// or not at all, and a read with its reply.
///
/// Confined to the loop's thread.
final class ConnectionAnswerer {
    /// The connection's number, as in its events.
    let id: Int
    /// This connection's exact counts, carried by its events for the Peers pane.
    let tally: ConnectionTally
    private var uppercaser = StreamingUppercaser()
    private let peerAddress: () -> Endpoint
    private var peerText: Endpoint?
    /// Whether the current read is listed as events (see ``EventChannel/admit(_:)``).
    private var listed = true
    /// Whether this connection's opening and closing are listed as events.
    private var connectionListed = false

    /// `peerAddress` gives the peer's text form; it is asked only when an event lists it (most connections of a
    /// busy server never are).
    init(id: Int, peerAddress: @escaping () -> Endpoint) {
        self.id = id
        self.tally = ConnectionTally(id: id)
        self.peerAddress = peerAddress
    }

    /// The peer's text form, made once.
    var peer: Endpoint {
        if let peerText { return peerText }
        let text = peerAddress()
        peerText = text
        return text
    }

    /// The connection has opened: lists it as connected, if it fits the budget (with its close, so a watcher never
    /// sees half of it).
    func opened(local: () -> Endpoint, _ burst: inout ServerBurst) {
        connectionListed = burst.admit(2)
        guard connectionListed else { return }
        burst.list(ServerEvent(.connected(connection: id, peer: peer, local: local()), connection: tally))
    }

    /// Counts a read, and lists it when it and its reply fit the budget.
    func received<Bytes: Collection>(_ request: Bytes, _ burst: inout ServerBurst) where Bytes.Element == UInt8 {
        burst.counts.received += 1
        burst.counts.bytesIn += request.count
        tally.countRead()
        listed = burst.admit(2)
        guard listed else { return }
        burst.list(ServerEvent(.received(.tcp, peer: peer, payload: Payload(request)), connection: tally))
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

    /// Counts a reply about to be written, and lists it when its read was listed. An empty reply is none.
    func replying<Bytes: Collection>(_ reply: Bytes, _ burst: inout ServerBurst) where Bytes.Element == UInt8 {
        guard !reply.isEmpty else { return }
        burst.counts.replied += 1
        burst.counts.bytesOut += reply.count
        tally.countReply()
        guard listed else { return }
        burst.list(ServerEvent(.replied(.tcp, peer: peer, payload: Payload(reply)), connection: tally))
    }

    /// The connection has closed, for `reason` (nil: in the ordinary way): lists it if its opening was.
    func closed(reason: String?, _ burst: inout ServerBurst) {
        guard connectionListed else { return }
        burst.list(ServerEvent(.closed(connection: id, peer: peer, reason: reason), connection: tally))
    }
}
