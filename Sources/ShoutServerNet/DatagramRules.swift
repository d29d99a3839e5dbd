import ShoutCore
import ShoutSockets

/// The server's decision about one datagram, from what it is told alone: the sender's port and address, the
/// impairments, the replies already held, the clock's reading and a random generator, all passed in. It counts
/// nothing, lists nothing and sends nothing: ``DatagramLoop`` carries the decision out. Its only state is the rate
/// limiter's buckets.
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

    /// Rules for a socket bound to `ownPort`, `rateLimit` replies a second per sender (nil: no limit).
    init(ownPort: Int? = nil, rateLimit: Int? = nil, heldRoom: Int = DelayedReplies.room) {
        self.ownPort = ownPort
        self.heldRoom = heldRoom
        rateLimiter = rateLimit.map { RateLimiter(perSecond: $0) }
    }

    /// The fate of a datagram from `sourcePort` (and `source`, its address, read only for the rate limit) whose
    /// reply would take `replyCost` bytes of held room, `heldBytes` being held already; `now` is the monotonic
    /// clock in nanoseconds.
    ///
    /// In order: a privileged source port or the server's own is refused (answering it could start an endless loop
    /// between two echo-like servers: a datagram spoofed as coming from another Shout server carries our own port,
    /// CERT CA-1996-01); then the rate limit; then `--drop`; then a delayed reply with no room left is dropped.
    mutating func decide(
        sourcePort: Int,
        source: () -> SourceAddress,
        replyCost: Int,
        heldBytes: Int,
        impairments: Impairments,
        now: UInt64,
        random: inout some RandomNumberGenerator
    ) -> Fate {
        if sourcePort < 1024 || sourcePort == ownPort { return .drop(.refused) }
        if rateLimiter != nil, rateLimiter?.allow(source(), at: now) == false { return .drop(.rateLimited) }
        if impairments.drops(using: &random) { return .drop(.impairment) }
        let delay = impairments.replyDelay(using: &random)
        if delay > 0, heldBytes + replyCost > heldRoom { return .drop(.heldFull) }
        return .answer(delayMilliseconds: delay)
    }
}
