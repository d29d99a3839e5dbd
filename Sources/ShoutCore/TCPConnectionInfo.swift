/// What the kernel says of a TCP connection (Linux's `TCP_INFO`), the part a student can read: whether TCP is
/// retransmitting, whether the peer has acknowledged everything sent, the round trip TCP measured.
public struct TCPConnectionInfo: Sendable, Equatable {
    /// The connection's state as the kernel names it (`ESTABLISHED`, `CLOSE_WAIT`, …).
    public var state: String
    /// Segments retransmitted over the connection's life.
    public var totalRetransmissions: Int
    /// Segments sent and not yet acknowledged by the peer.
    public var unacknowledged: Int
    /// TCP's smoothed round-trip time.
    public var smoothedRTT: Duration

    public init(state: String, totalRetransmissions: Int, unacknowledged: Int, smoothedRTT: Duration) {
        self.state = state
        self.totalRetransmissions = totalRetransmissions
        self.unacknowledged = unacknowledged
        self.smoothedRTT = smoothedRTT
    }

    /// The kernel's name of a TCP state number (Linux's `tcp_states.h`).
    public static func stateName(_ number: Int) -> String {
        let names = [
            "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT",
            "LAST_ACK", "LISTEN", "CLOSING",
        ]
        return names.indices.contains(number) && number > 0 ? names[number] : "state \(number)"
    }

    /// One clause for a waiting line: whether TCP is still delivering it or has delivered it. The client's kernel
    /// cannot tell a server that has not answered from a reply segment the server's TCP is retransmitting.
    public var waitingClause: String {
        var clause =
            unacknowledged == 0
            ? "the server's TCP has acknowledged the line, so it arrived; the reply is late (the server has not "
                + "answered yet, or its TCP is retransmitting a reply segment that was lost)"
            : totalRetransmissions > 0
                ? "TCP is retransmitting: the server's TCP has not acknowledged everything sent yet"
                : "the server's TCP has not acknowledged everything sent yet; TCP sends it again if no "
                    + "acknowledgement comes"
        if totalRetransmissions > 0 {
            let plural = totalRetransmissions == 1 ? "" : "s"
            clause += "; \(totalRetransmissions) retransmission\(plural) by this side so far"
        }
        return clause
    }
}
