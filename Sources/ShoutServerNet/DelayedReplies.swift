import Glibc
import HeapModule
import ShoutCore
import ShoutSystem

/// The replies `--delay` and `--jitter` hold back, soonest first, for ``DatagramLoop`` to send when due.
struct DelayedReplies {
    /// One held reply: its bytes, its sender's address, and when it is due.
    struct Reply: Comparable {
        var due: UInt64
        /// Tells replies due at the same instant apart in the order they were held.
        var order: Int
        var bytes: [UInt8]
        var address: sockaddr_storage
        var addressLength: socklen_t
        var listedAs: Endpoint?

        static func < (left: Reply, right: Reply) -> Bool { (left.due, left.order) < (right.due, right.order) }
        static func == (left: Reply, right: Reply) -> Bool { (left.due, left.order) == (right.due, right.order) }
    }

    private var heap = Heap<Reply>()
    private var held = 0

    /// The most bytes the replies held back may take together (each reply's bytes and its bookkeeping,
    /// ``cost(bytes:)``): 32 MiB, half a million 64-byte replies. NIO's handler keeps to it too.
    static let room = 32 << 20

    /// What one held reply of `bytes` bytes counts against ``room``.
    static func cost(bytes: Int) -> Int { bytes + 192 }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// What the held replies take against ``room``.
    private(set) var heldBytes = 0

    /// When the soonest reply is due, in `MonotonicClock` nanoseconds.
    var nextDue: UInt64? { heap.min?.due }

    /// Holds a reply until `due`.
    mutating func hold(
        _ bytes: [UInt8],
        to address: UnsafePointer<sockaddr_storage>,
        length: socklen_t,
        listedAs peer: Endpoint?,
        due: UInt64
    ) {
        held += 1
        heldBytes += Self.cost(bytes: bytes.count)
        heap.insert(
            Reply(due: due, order: held, bytes: bytes, address: address.pointee, addressLength: length, listedAs: peer)
        )
    }

    /// Takes the soonest reply if it is due by `now`.
    mutating func popDue(by now: UInt64) -> Reply? {
        guard let first = heap.min, first.due <= now else { return nil }
        heldBytes -= Self.cost(bytes: first.bytes.count)
        return heap.popMin()
    }
}
