/// What a client session asks its host to do with sockets; plain data, executed by the I/O layer.
///
/// Sockets are numbered by the session: the host opens socket `id` when told and tags everything that socket
/// reports with the same number, so a report from an old connection is never taken for one from the current one.
public enum ClientSessionEffect: Sendable, Equatable {
    /// Open socket `id` of `transport` to `server`; report `.event(.ready…)` or `.openFailed`.
    case open(id: Int, Transport, Endpoint)
    /// Send `line` on socket `id` (the socket frames it: one datagram, or the line and a newline on TCP); report
    /// `.sent` with the send's number (from 1 on that socket, in the order of these effects), or `.sendFailed` on
    /// error. Asked only of a socket that reported `.ready`: lines wait for their socket in the session.
    case send(id: Int, line: [UInt8])
    /// Close socket `id`; whatever it reports afterwards is ignored.
    case close(id: Int)
    /// Ask the kernel about TCP socket `id` (`TCP_INFO`); report `.connectionInfo`.
    case inspect(id: Int)
}

/// Why a line sent got no reply.
public enum ClientLossReason: Sendable, Equatable {
    /// Nothing came within the timeout, `waited` long.
    case timeout(waited: Duration)
    /// The OS said nothing listens on the UDP port.
    case portUnreachable
    /// The network said the server's host cannot be reached (ICMP host or network unreachable, or no ARP reply).
    case hostUnreachable
    /// The server closed the TCP connection before answering.
    case serverClosedFirst
    /// The line could not be sent on its TCP connection.
    case couldNotSend
    /// The TCP connection stayed open and its line was delivered or being retransmitted, yet no reply came in
    /// `waited`: the server has not answered (TCP itself loses nothing without ending the connection).
    case unanswered(waited: Duration)

    /// The `reason` field of its `lost` record.
    public var recordText: String {
        switch self {
        case .timeout: "timeout"
        case .portUnreachable: "port unreachable"
        case .hostUnreachable: "host unreachable"
        case .serverClosedFirst: "the server closed the connection first"
        case .couldNotSend: "it could not be sent"
        case .unanswered: "no answer on an open connection"
        }
    }
}

/// Something that happened in a client session, for its view to show: every line sent, every reply and what it
/// turned out to be, every loss with its reason, every socket opened, closed or failing. Typed, so each view (the
/// screen's transcript, the plain client's output) words it its own way.
public enum ClientSessionOutcome: Sendable, Equatable {
    /// A line went out (`request` numbers it from 1).
    case sent(request: Int, text: [UInt8], Transport)
    /// A line goes out again on a new TCP connection (the old one closed before reading it).
    case resending(request: Int, text: [UInt8], Transport)
    /// The line of request `original` went out again, as request `request`: what becomes of it from now on
    /// (reply, loss, …) is told under the new number.
    case resent(request: Int, original: Int, text: [UInt8], Transport)
    /// The reply to a line; `overtook` is how many older lines still wait (reordering).
    case reply(request: Int, text: [UInt8], reply: [UInt8], Transport, rtt: Duration, overtook: Int)
    /// A reply that is not the upper-cased line, taken as the reply to the oldest waiting one.
    case mismatched(request: Int, text: [UInt8], reply: [UInt8], expected: [UInt8], Transport, rtt: Duration)
    /// A line that never left: the kernel refused the datagram (a firewall, no route, a full queue), or it is too
    /// large for one. Neither sent nor lost; the socket goes on.
    case notSent(request: Int, text: [UInt8], Transport, ClientSocketError)
    /// A line too large for one UDP datagram (`size` bytes): not sent.
    case tooLargeForUDP(text: [UInt8], size: Int)
    /// A TCP line whose reply has not come within the timeout: it is still waiting (TCP delivers or ends the
    /// connection); said once per line. The kernel's word on the connection follows as `.connectionInfo`.
    case stillWaiting(request: Int, text: [UInt8], Transport, waited: Duration)
    /// What the kernel said of the TCP connection while lines waited (retransmissions, unacknowledged bytes).
    case connectionInfo(TCPConnectionInfo, waiting: [Int])
    /// What the kernel said of the open TCP connection (asked every ``ClientSession/kernelRefresh``, or for a line
    /// that waits), and what it said before of the same connection (nil: this is its first word on it).
    case kernelView(TCPConnectionInfo, previous: TCPConnectionInfo?)
    /// A reply to a line already counted as lost.
    case late(request: Int, text: [UInt8], reply: [UInt8], Transport, after: Duration)
    /// A second reply to a line already answered.
    case duplicate(request: Int, text: [UInt8], reply: [UInt8], Transport)
    /// Bytes that answer nothing sent.
    case unsolicited(reply: [UInt8], Transport)
    /// A line that got no reply.
    case lost(request: Int, text: [UInt8], Transport, ClientLossReason)
    /// A socket is ready: a TCP connection or a UDP socket; `again` when this transport had one to this server
    /// before (a TCP reconnect).
    case ready(Transport, remote: Endpoint, local: Endpoint, setup: Duration?, again: Bool)
    /// The server closed the TCP connection; `reason` is nil for an orderly close.
    case closedByServer(Transport, reason: ClientSocketError?)
    /// A socket reported a problem.
    case socketProblem(Transport, ClientSocketError)
    /// A socket could not be opened; `unsent` are the lines that were waiting for it.
    case openFailed(Transport, ClientSocketError, unsent: [[UInt8]])
    /// A line could not be sent on the TCP connection.
    case sendFailed(Transport, ClientSocketError)
    /// The idle TCP connection was closed by the client (`wasOpen`), or its opening given up.
    case closedIdleTCP(wasOpen: Bool)
    /// New lines go over `transport` now.
    case switched(to: Transport)
    /// New lines went over `transport` already.
    case alreadyOn(Transport)
    /// `/connect`: the session talks to `server` now over `transport`, having given up on `abandoned` lines.
    case connecting(Endpoint, Transport, abandoned: Int)
    /// Replies are now waited for `timeout`: a UDP line is then lost, a TCP line said to be still waiting.
    case timeoutChanged(Duration)
}

/// The result of one input to a client session: what to do with sockets, and what happened.
public struct ClientSessionStep: Sendable, Equatable {
    /// For the host's sockets, in order.
    public var effects: [ClientSessionEffect] = []
    /// For the view, in order.
    public var outcomes: [ClientSessionOutcome] = []

    public init(effects: [ClientSessionEffect] = [], outcomes: [ClientSessionOutcome] = []) {
        self.effects = effects
        self.outcomes = outcomes
    }

    /// Adds another step's effects and outcomes after these.
    public mutating func append(_ other: ClientSessionStep) {
        effects += other.effects
        outcomes += other.outcomes
    }
}
