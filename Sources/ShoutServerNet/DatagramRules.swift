import ShoutCore
import ShoutSockets

/// The server's decision about one datagram, from what it is told alone: the sender's port and address, the
/// impairments, the replies already held, the clock's reading and a random generator, all passed in. It counts
/// nothing, lists nothing and sends nothing: ``DatagramLoop`` carries the decision out. Its only state is the rate
/// limiter's buckets and, with `--grade`, each pinging peer's count (``GradingDrops``).
struct DatagramRules {
    /// What becomes of a datagram.
    enum Fate: Equatable {
        /// Answered, the reply held back this many milliseconds first (0: at once).
        case answer(delayMilliseconds: Int)
        /// Not answered, for this reason.
        case drop(ServerEvent.DropReason)
    }

    /// The port the socket is bound to: a datagram from it is refused.
    var ownPort: Int?
    /// Bytes of held replies past which a reply that would wait is dropped instead (see ``DelayedReplies/room``).
    let heldRoom: Int
    private var rateLimiter: RateLimiter<SourceAddress>?
    /// With `--grade`: which lab datagrams to leave unanswered on purpose.
    private var grading: GradingDrops?

    /// Rules for a socket bound to `ownPort`, `rateLimit` replies a second per sender (nil: no limit), dropping a
    /// datagram of each pinging peer on purpose when `grade` is set.
    init(ownPort: Int? = nil, rateLimit: Int? = nil, grade: Bool = false, heldRoom: Int = DelayedReplies.room) {
        self.ownPort = ownPort
        self.heldRoom = heldRoom
        rateLimiter = rateLimit.map { RateLimiter(perSecond: $0) }
        grading = grade ? GradingDrops() : nil
    }

    /// The fate of a datagram from `sourcePort` (and `source`, its address, read for the rate limit and `--grade`)
    /// whose reply would take `replyCost` bytes of held room, `heldBytes` being held already; `now` is the
    /// monotonic clock in nanoseconds; `isLabPing` says whether it is a lab ping or heartbeat, asked with `--grade`
    /// only.
    ///
    /// In order: a privileged source port or the server's own is refused (answering it could start an endless loop
    /// between two echo-like servers: a datagram spoofed as coming from another Shout server carries our own port,
    /// CERT CA-1996-01); then the rate limit; then `--drop`; then `--grade`'s drop on purpose (each lab datagram
    /// counted, and told whether an earlier rule dropped it); then a delayed reply with no room left is dropped.
    mutating func decide(
        sourcePort: Int,
        source: () -> SourceAddress,
        replyCost: Int,
        heldBytes: Int,
        impairments: Impairments,
        now: UInt64,
        random: inout some RandomNumberGenerator,
        isLabPing: () -> Bool = { false }
    ) -> Fate {
        if sourcePort < 1024 || sourcePort == ownPort { return .drop(.refused) }
        var fate: Fate?
        if rateLimiter != nil, rateLimiter?.allow(source(), at: now) == false { fate = .drop(.rateLimited) }
        if fate == nil, impairments.drops(using: &random) { fate = .drop(.impairment) }
        if grading != nil, isLabPing() {
            let peer = GradingDrops.Peer(address: source(), port: sourcePort)
            if grading?.dropsOnPurpose(peer, droppedAlready: fate != nil) == true { return .drop(.graded) }
        }
        if let fate { return fate }
        let delay = impairments.replyDelay(using: &random)
        if delay > 0, heldBytes + replyCost > heldRoom { return .drop(.heldFull) }
        return .answer(delayMilliseconds: delay)
    }
}
