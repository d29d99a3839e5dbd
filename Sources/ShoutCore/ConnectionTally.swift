import Synchronization

/// One TCP connection's exact counts, kept where the traffic is: its handler adds to them on the event loop for
/// every read and reply, whether or not the event budget lists it, and a screen reads them when it draws. Relaxed
/// atomics: no lock on the network path, and the screen waits for nothing.
public final class ConnectionTally: Sendable, Equatable {
    /// The connection's number, as in its events.
    public let id: Int
    private let reads = Atomic<Int>(0)
    private let replies = Atomic<Int>(0)

    public init(id: Int) {
        self.id = id
    }

    /// Reads so far.
    public var received: Int { reads.load(ordering: .relaxed) }
    /// Replies so far.
    public var replied: Int { replies.load(ordering: .relaxed) }

    /// Counts one read.
    @inline(__always)
    public func countRead() { reads.wrappingAdd(1, ordering: .relaxed) }

    /// Counts one reply.
    @inline(__always)
    public func countReply() { replies.wrappingAdd(1, ordering: .relaxed) }

    /// The same connection's tally (identity).
    public static func == (lhs: ConnectionTally, rhs: ConnectionTally) -> Bool { lhs === rhs }
}
