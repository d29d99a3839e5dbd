/// One client's conversation with one server, as pure state: what the user asks (send a line, switch transport,
/// connect elsewhere, change the timeout) and what the sockets report go in; socket effects and typed outcomes come
/// out (``ClientSessionStep``). No sockets, no clock of its own: the host passes the time in. The client screen and
/// the plain client are views over it.
///
/// Sockets: the session keeps at most one socket per transport. Switching to TCP keeps the UDP socket open, so UDP
/// replies still on their way are matched (or time out) after the switch. Switching away from TCP closes the TCP
/// connection (as soon as no TCP line waits for its reply), because the textbook TCP server serves one client at a
/// time and an idle connection would keep every other client out. A TCP server that closes after every reply (the
/// textbook one) is reconnected to for the next line; a line that was not the first on a connection the server
/// closed without answering it is sent again on a new one.
///
/// Round trips start when the socket reports that a send was handed to it (`.sent`), not when the line was entered.
/// Every event is also kept as a ``ClientEventRecord`` for `/save FILE.jsonl` and, when `queuesRecords` is set, for
/// the host to append to its `--transcript` file (`takeNewRecords()`).
public struct ClientSession: Sendable {
    /// Where a socket is in its life.
    public enum Phase: Equatable, Sendable {
        case opening
        case open
        /// Closed by the server; the word is shown in a status bar.
        case closed(String)
        /// Could not be opened or stopped working; the word is shown in a status bar.
        case failed(String)
    }

    /// The socket used for one transport.
    public struct Slot: Sendable {
        /// The socket's number, as in the effects.
        public internal(set) var id: Int
        /// Where it is in its life.
        public internal(set) var phase: Phase
        /// Requests sent on it so far (a TCP request on a connection that already carried one may be resent).
        var carried = 0
        /// Requests sent on it whose send the socket has not yet stamped, by send number (from 1), oldest first.
        var unstamped: [(send: Int, request: Int)] = []
        /// The last sends stamped, by send number, for a failure reported after the stamp.
        var stamped: [(send: Int, request: Int)] = []
        /// Its own address and port, once open.
        public internal(set) var local: Endpoint?
        /// How long the TCP handshake took.
        public internal(set) var setup: Duration?
    }

    /// A line waiting for its socket to open.
    struct Outgoing: Sendable {
        var text: [UInt8]
        /// The request this line is sent again for, on a new connection (nil for a line sent the first time).
        var retryOf: Int?
        var isRetry: Bool { retryOf != nil }
    }

    /// The transport new lines go over.
    public internal(set) var transport: Transport
    /// The server.
    public internal(set) var server: Endpoint
    /// How long a request waits for its reply before it counts as lost.
    public internal(set) var timeout: Duration
    /// Lines sent (a line sent again after a TCP reconnect counts once).
    public internal(set) var sentCount = 0
    /// Replies received in time.
    public internal(set) var replyCount = 0
    /// Requests lost: no reply in time, or the connection ended first.
    public internal(set) var lostCount = 0
    /// Lines the kernel would not send, or too large for a datagram: neither sent nor lost.
    public internal(set) var notSentCount = 0
    /// The round-trip time of the last reply.
    public internal(set) var lastRTT: Duration?
    /// The socket of each transport, while it has one.
    public internal(set) var slots: [Transport: Slot] = [:]
    /// A problem that colours the status of a transport until the next reply (port unreachable).
    public internal(set) var trouble: [Transport: String] = [:]
    /// How often the kernel is asked about the open TCP connection (`TCP_INFO`), for a status bar that shows its
    /// RTT and retransmissions; nil: only when a line has waited past the timeout.
    public var kernelRefresh: Duration?
    /// What the kernel said last of a TCP connection, and that connection's socket number.
    var kernelReading: (socket: Int, info: TCPConnectionInfo)?
    /// When the kernel was last asked (for ``kernelRefresh``).
    var kernelAskedAt: ContinuousClock.Instant?

    var matcher = ReplyMatcher()
    /// Lines waiting for their transport's socket to open, oldest first: the one place a line waits before it is
    /// sent (the host's sockets keep no queue: the session asks for a send only on a socket that said it is ready).
    var outbox: [Transport: [Outgoing]] = [:]
    /// TCP requests that may be sent again if their connection turns out to have been closed.
    var retryable: Set<Int> = []
    /// Transports that have had a connection to the current server (so the next one is a reconnect).
    var hasConnected: Set<Transport> = []
    var nextSocketID = 1
    /// The session's events as records (for `/save FILE.jsonl`), at most the capacity given.
    var records: RingBuffer<ClientEventRecord>
    /// Records not yet taken by the host (only while `queuesRecords`).
    var newRecords: [ClientEventRecord] = []
    /// Whether every record is also queued for `takeNewRecords()`: set it when the host writes a transcript file
    /// and takes the records after every call, so the queue stays short.
    public var queuesRecords = false

    /// A session with `server` over `transport`; call `start(at:)` next. `recordCapacity` bounds the records kept.
    public init(
        server: Endpoint,
        transport: Transport = .udp,
        timeout: Duration = .seconds(1),
        recordCapacity: Int = 10_000
    ) {
        self.server = server
        self.transport = transport
        self.timeout = timeout
        self.records = RingBuffer(capacity: recordCapacity)
    }

    /// The first step: opens the socket for the starting transport.
    public mutating func start(at now: Moment) -> ClientSessionStep {
        ClientSessionStep(effects: [openSocket(for: transport)])
    }

    /// Sends a line over the current transport: now if its socket is open, else once it opens.
    public mutating func send(_ text: [UInt8], at now: Moment) -> ClientSessionStep {
        if transport == .udp, text.count > Self.largestDatagram {
            notSentCount += 1
            recordNotSent(
                .udp,
                text: text,
                reason: "\(text.count) bytes, over UDP's limit of \(Self.largestDatagram) for one datagram",
                at: now
            )
            return ClientSessionStep(outcomes: [.tooLargeForUDP(text: text, size: text.count)])
        }
        return send(Outgoing(text: text), over: transport, at: now)
    }

    /// The largest line one UDP datagram carries: 65,535 bytes less the IPv4 and UDP headers.
    public static let largestDatagram = 65_507

    /// How long a TCP line whose reply is overdue is still waited for before it counts as unanswered: ten timeouts,
    /// at least 30 s, enough for TCP's retransmissions (each waits twice as long as the one before).
    public var unansweredAfter: Duration { max(timeout * 10, .seconds(30)) }

    /// Sets how long later lines wait for their reply.
    public mutating func setTimeout(_ duration: Duration) -> ClientSessionStep {
        timeout = duration
        return ClientSessionStep(outcomes: [.timeoutChanged(duration)])
    }

    /// Switches the transport for new lines; opens its socket unless one is open already.
    public mutating func switchTransport(to new: Transport, at now: Moment) -> ClientSessionStep {
        guard new != transport else { return ClientSessionStep(outcomes: [.alreadyOn(new)]) }
        let old = transport
        transport = new
        var step = ClientSessionStep(outcomes: [.switched(to: new)])
        var event = ClientEventRecord(time: now.date, event: .switch)
        event.transport = new
        event.server = server
        record(event)
        if old == .tcp { step.append(closeIdleTCP(at: now)) }
        if let slot = slots[new], slot.phase == .open || slot.phase == .opening { return step }
        step.effects.append(openSocket(for: new))
        return step
    }

    /// `/connect`: closes both sockets, gives up on what is in flight, and opens a socket to the new server.
    public mutating func connect(to endpoint: Endpoint, at now: Moment) -> ClientSessionStep {
        var step = ClientSessionStep(effects: slots.values.sorted { $0.id < $1.id }.map { .close(id: $0.id) })
        for (transport, slot) in slots.sorted(by: { $0.value.id < $1.value.id }) where slot.phase == .open {
            recordClose(transport, reason: "closed by client", at: now)
        }
        let abandoned = matcher.abandon(.udp).count + matcher.abandon(.tcp).count
        let unsent = outbox.values.reduce(0) { $0 + $1.count }
        slots = [:]
        outbox = [:]
        retryable = []
        hasConnected = []
        trouble = [:]
        server = endpoint
        step.outcomes.append(.connecting(endpoint, transport, abandoned: abandoned + unsent))
        step.effects.append(openSocket(for: transport))
        return step
    }

    /// Time passes: requests whose deadline has passed are lost.
    public mutating func tick(at now: Moment) -> ClientSessionStep {
        var step = ClientSessionStep()
        // Over TCP a reply that is slow is waiting, not lost: TCP retransmits until the line is delivered, or ends
        // the connection. Said once per line, with what the kernel says of the connection.
        let overdue = matcher.markOverdue(.tcp, at: now.instant, extra: unansweredAfter - timeout)
        for request in overdue {
            let waited = now.instant - request.sentAt
            record(.waiting, request, reason: "no reply within \(NumberText.duration(waited))", at: now)
            step.outcomes.append(.stillWaiting(request: request.id, text: request.text, .tcp, waited: waited))
        }
        if let inspect = inspection(overdue: !overdue.isEmpty, at: now.instant) { step.effects.append(inspect) }
        for request in matcher.expire(at: now.instant) {
            lostCount += 1
            retryable.remove(request.id)
            let waited = request.deadline - request.sentAt
            let reason: ClientLossReason = request.isOverdue ? .unanswered(waited: waited) : .timeout(waited: waited)
            record(.lost, request, reason: request.isOverdue ? reason.recordText : "timeout", at: now)
            step.outcomes.append(.lost(request: request.id, text: request.text, request.transport, reason))
        }
        step.append(closeIdleTCP(at: now))
        return step
    }

    /// When the next request times out, so a host can wake up then.
    public var nextDeadline: ContinuousClock.Instant? { matcher.nextDeadline }

    /// Lines still waiting for their reply (or for their socket to open).
    public var waitingCount: Int { matcher.waiting.count + outbox.values.reduce(0) { $0 + $1.count } }

    /// The connection's state for a status bar: `ready`, `connected`, `connecting…`, `refused`, …
    public func connectionState(of transport: Transport) -> String {
        guard let slot = slots[transport] else { return "not connected" }
        switch slot.phase {
        case .opening: return "connecting…"
        case .open: return trouble[transport] ?? (transport == .udp ? "ready" : "connected")
        case .closed(let word), .failed(let word): return word
        }
    }

    /// Sends a line now if the transport's socket is open; otherwise queues it and opens the socket.
    mutating func send(_ line: Outgoing, over transport: Transport, at now: Moment) -> ClientSessionStep {
        if let slot = slots[transport], slot.phase == .open {
            return transmit(line, over: transport, at: now)
        }
        outbox[transport, default: []].append(line)
        if slots[transport]?.phase == .opening { return ClientSessionStep() }
        return ClientSessionStep(effects: [openSocket(for: transport)])
    }

    /// Sends on the open socket of `transport` and starts waiting for the reply (the socket frames the line).
    mutating func transmit(_ line: Outgoing, over transport: Transport, at now: Moment) -> ClientSessionStep {
        let request = matcher.sent(line.text, over: transport, at: now.instant, timeout: timeout)
        let id = slots[transport]?.id ?? 0
        // Only the first line on a connection is sure to have been read by a server that closes after one reply;
        // any later one may be sent again. Each round answers or loses the first, so resending always ends.
        if transport == .tcp, (slots[transport]?.carried ?? 0) > 0 { retryable.insert(request.id) }
        slots[transport]?.carried += 1
        if let number = slots[transport]?.carried { slots[transport]?.unstamped.append((number, request.id)) }
        var event = ClientEventRecord(
            time: now.date,
            event: .sent,
            transport: transport,
            server: server,
            request: request.id,
            payload: line.text
        )
        if line.isRetry { event.retry = true }
        record(event)
        var step = ClientSessionStep(effects: [.send(id: id, line: line.text)])
        if let original = line.retryOf {
            step.outcomes.append(.resent(request: request.id, original: original, text: line.text, transport))
        } else {
            sentCount += 1
            step.outcomes.append(.sent(request: request.id, text: line.text, transport))
        }
        return step
    }

    /// Opens a new socket for `transport`, replacing (and closing) any earlier one.
    mutating func openSocket(for transport: Transport) -> ClientSessionEffect {
        let id = nextSocketID
        nextSocketID += 1
        slots[transport] = Slot(id: id, phase: .opening)
        trouble[transport] = nil
        return .open(id: id, transport, server)
    }

    /// Closes the TCP connection once new lines no longer go over TCP and no TCP line waits for a reply or a
    /// connection: an idle connection to the textbook TCP server, which serves one client at a time, would keep
    /// every other client out.
    mutating func closeIdleTCP(at now: Moment) -> ClientSessionStep {
        guard transport != .tcp, let slot = slots[.tcp] else { return ClientSessionStep() }
        guard !matcher.waiting.contains(where: { $0.transport == .tcp }), outbox[.tcp]?.isEmpty ?? true else {
            return ClientSessionStep()
        }
        slots[.tcp] = nil
        retryable = []
        trouble[.tcp] = nil
        var step = ClientSessionStep(effects: [.close(id: slot.id)])
        switch slot.phase {
        case .open:
            step.outcomes.append(.closedIdleTCP(wasOpen: true))
            recordClose(.tcp, reason: "closed by client", at: now)
        case .opening:
            step.outcomes.append(.closedIdleTCP(wasOpen: false))
        case .closed, .failed:
            break
        }
        return step
    }
}
