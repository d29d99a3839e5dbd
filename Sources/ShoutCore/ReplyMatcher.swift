import DequeModule

/// Pairs replies with the requests that caused them, by content: the reply expected for a request is the request
/// upper-cased. So reordering, loss, late replies and duplicates are all visible.
///
/// Pure logic: the caller passes the clock readings in.
public struct ReplyMatcher: Sendable {
    /// One line sent and what became of it.
    public struct Request: Sendable, Equatable {
        /// Number of the request, from 1.
        public var id: Int
        /// The transport it went over.
        public var transport: Transport
        /// The bytes sent (without a TCP newline).
        public var text: [UInt8]
        /// The reply expected: `text` upper-cased.
        public var expected: [UInt8]
        /// When it was sent.
        public var sentAt: ContinuousClock.Instant
        /// When it counts as lost.
        public var deadline: ContinuousClock.Instant
        /// Whether its first deadline passed and it was given more time (``markOverdue(_:at:until:)``).
        public var isOverdue = false
    }

    /// What a received reply turned out to be.
    public enum Outcome: Sendable, Equatable {
        /// The reply to a pending request; `overtook` is how many older pending requests it overtook (reordering).
        case reply(Request, rtt: Duration, overtook: Int)
        /// A reply that does not equal the expected text, taken as the reply to the oldest pending request.
        case mismatched(Request, rtt: Duration)
        /// A reply to a request already reported lost.
        case late(Request, after: Duration)
        /// A second reply to a request already answered.
        case duplicate(Request)
        /// Bytes that answer nothing sent (recently) over that transport.
        case unsolicited
    }

    private var pending: [Request] = []
    /// Requests already answered or lost, most recent last, kept to recognise late replies and duplicates.
    private var settled: Deque<(request: Request, wasLost: Bool)> = []
    private var nextID = 1
    private let memory: Int

    /// `memory` is how many settled requests are remembered for late and duplicate replies.
    public init(memory: Int = 256) {
        self.memory = memory
    }

    /// Requests still waiting for a reply, oldest first.
    public var waiting: [Request] { pending }

    /// The earliest deadline among pending requests.
    public var nextDeadline: ContinuousClock.Instant? { pending.map(\.deadline).min() }

    /// Records a line sent; returns the request.
    public mutating func sent(
        _ text: [UInt8],
        over transport: Transport,
        at time: ContinuousClock.Instant,
        timeout: Duration
    ) -> Request {
        let request = Request(
            id: nextID,
            transport: transport,
            text: text,
            expected: Uppercasing.uppercased(text),
            sentAt: time,
            deadline: time + timeout
        )
        nextID += 1
        pending.append(request)
        return request
    }

    /// Moves the send time of pending request `id` to `sentAt` (the moment its bytes were really handed to the
    /// socket, which the caller learns after `sent`), keeping its timeout; its deadline moves with it.
    /// Returns false, changing nothing, when no request `id` is pending (it was answered or lost already).
    @discardableResult
    public mutating func restamp(id: Int, sentAt: ContinuousClock.Instant) -> Bool {
        guard let index = pending.firstIndex(where: { $0.id == id }) else { return false }
        let timeout = pending[index].deadline - pending[index].sentAt
        pending[index].sentAt = sentAt
        pending[index].deadline = sentAt + timeout
        return true
    }

    /// Classifies a reply that arrived at `time` over `transport`.
    public mutating func received(
        _ reply: [UInt8],
        over transport: Transport,
        at time: ContinuousClock.Instant
    ) -> Outcome {
        let sameTransport = pending.indices.filter { pending[$0].transport == transport }
        if let index = sameTransport.first(where: { pending[$0].expected == reply }) {
            let request = pending.remove(at: index)
            remember(request, wasLost: false)
            let overtook = sameTransport.firstIndex(of: index) ?? 0
            return .reply(request, rtt: time - request.sentAt, overtook: overtook)
        }
        if let settledIndex = settled.lastIndex(where: {
            $0.request.transport == transport && $0.request.expected == reply
        }) {
            let (request, wasLost) = settled[settledIndex]
            if wasLost {
                // Only the first late reply is late; another one is a duplicate.
                settled[settledIndex].wasLost = false
                return .late(request, after: time - request.sentAt)
            }
            return .duplicate(request)
        }
        if let index = sameTransport.first {
            let request = pending.remove(at: index)
            remember(request, wasLost: false)
            return .mismatched(request, rtt: time - request.sentAt)
        }
        return .unsolicited
    }

    /// Requests over `transport` whose deadline has passed at `time` for the first time: they stay pending, marked
    /// overdue, with `extra` more time from now (over TCP a slow reply is waiting, not lost). Returns them.
    public mutating func markOverdue(
        _ transport: Transport,
        at time: ContinuousClock.Instant,
        extra: Duration
    ) -> [Request] {
        var marked: [Request] = []
        for index in pending.indices
        where pending[index].transport == transport && !pending[index].isOverdue && pending[index].deadline <= time {
            pending[index].isOverdue = true
            pending[index].deadline = time + extra
            marked.append(pending[index])
        }
        return marked
    }

    /// Forgets pending request `id` (its line was never sent); returns it, or nil when none is pending.
    public mutating func cancel(id: Int) -> Request? {
        guard let index = pending.firstIndex(where: { $0.id == id }) else { return nil }
        return pending.remove(at: index)
    }

    /// Takes the requests whose deadline has passed at `time`: they are lost.
    public mutating func expire(at time: ContinuousClock.Instant) -> [Request] {
        let lost = pending.filter { $0.deadline <= time }
        guard !lost.isEmpty else { return [] }
        pending.removeAll { $0.deadline <= time }
        for request in lost { remember(request, wasLost: true) }
        return lost
    }

    /// Gives up on every pending request of one transport (its connection closed), returning them.
    public mutating func abandon(_ transport: Transport) -> [Request] {
        let gone = pending.filter { $0.transport == transport }
        pending.removeAll { $0.transport == transport }
        for request in gone { remember(request, wasLost: true) }
        return gone
    }

    private mutating func remember(_ request: Request, wasLost: Bool) {
        settled.append((request, wasLost))
        if settled.count > memory { settled.removeFirst() }
    }
}
