import ShoutCore
import ShoutSockets

/// What the UDP loop records: a datagram answered is two events (`received`, `replied`), listed together or not at
/// all past the event budget; one not answered is one (`dropped`). Only a listed datagram pays for its sender's text
/// form and a copy of its bytes.
extension ServerBurst {
    /// Counts a datagram that gets a reply; lists it as received when it and its reply fit the budget, and returns
    /// the sender as listed then (for the reply's event), else nil.
    mutating func answering(_ request: UnsafeRawBufferPointer, from sender: ReceivedAddress) -> Endpoint? {
        counts.received += 1
        counts.bytesIn += request.count
        guard admit(2) else { return nil }
        let peer = sender.sourceEndpoint
        list(ServerEvent(.received(.udp, peer: peer, payload: Payload(request))))
        return peer
    }

    /// Counts a datagram that gets no reply, and lists it as dropped within the budget.
    mutating func dropping(
        _ request: UnsafeRawBufferPointer,
        from sender: ReceivedAddress,
        reason: ServerEvent.DropReason
    ) {
        counts.received += 1
        counts.bytesIn += request.count
        counts.dropped += 1
        guard admit(1) else { return }
        list(ServerEvent(.dropped(.udp, peer: sender.sourceEndpoint, payload: Payload(request), reason: reason)))
    }

    /// Counts a UDP reply about to be sent, and lists it when its datagram was listed.
    mutating func replyingToDatagram<Bytes: Collection>(
        _ reply: Bytes,
        listedAs peer: Endpoint?
    ) where Bytes.Element == UInt8 {
        counts.replied += 1
        counts.bytesOut += reply.count
        if let peer { list(ServerEvent(.replied(.udp, peer: peer, payload: Payload(reply)))) }
    }

    /// Takes back the count of a reply the kernel refused to send.
    mutating func unsent(byteCount: Int) {
        counts.replied -= 1
        counts.bytesOut -= byteCount
    }
}
