import CLinuxSockets
import Glibc
import ShoutCore
import Synchronization

/// The kernel's view of the server's TCP connections (`TCP_INFO`: state, smoothed RTT, retransmissions), read by the
/// TCP loop on its own thread when the screen asks, never per read.
///
/// Why the loop reads it and not the screen: only the loop knows which descriptors are open; a descriptor it has
/// closed may already be another connection's (or another file's) by the time another thread looks at it. So the
/// screen calls ``request()`` (a flag, and a write to an eventfd in the loop's `epoll` set that wakes it), and the
/// loop, at the end of that wake-up, reads `TCP_INFO` of every connection it holds open and publishes them here as
/// one snapshot keyed by the connection's id, which the screen reads with ``snapshot``.
///
/// The eventfd belongs to this object and is closed when the last reference goes, so a late request never writes
/// to a descriptor that has been closed and reused.
public final class ConnectionInspection: Sendable {
    /// The eventfd the loop watches; -1 when the system gave none (then requests do nothing).
    let wakeDescriptor: Int32
    private let asked = Atomic<Bool>(false)
    private let latest = Mutex<[Int: TCPConnectionInfo]>([:])

    init() {
        wakeDescriptor = shout_event_descriptor()
    }

    deinit {
        if wakeDescriptor >= 0 { Glibc.close(wakeDescriptor) }
    }

    /// Asks the loop for a new snapshot; several requests before it answers are one.
    public func request() {
        guard wakeDescriptor >= 0, !asked.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// The kernel's view of each open connection, by the id its events carry, as of the latest answered request.
    public var snapshot: [Int: TCPConnectionInfo] { latest.withLock { $0 } }

    /// On the loop's thread: takes the request (resets the eventfd) and says whether there was one.
    func takeRequest() -> Bool {
        var count: UInt64 = 0
        _ = Glibc.read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
        return asked.exchange(false, ordering: .acquiringAndReleasing)
    }

    /// On the loop's thread: replaces the snapshot.
    func publish(_ view: [Int: TCPConnectionInfo]) {
        latest.withLock { $0 = view }
    }

    /// What the kernel says of the TCP connection on `descriptor`; nil when it says nothing.
    static func info(of descriptor: Int32) -> TCPConnectionInfo? {
        var facts = shout_tcp_facts()
        guard shout_tcp_facts_of(descriptor, &facts) == 0 else { return nil }
        return TCPConnectionInfo(
            state: TCPConnectionInfo.stateName(Int(facts.state)),
            totalRetransmissions: Int(facts.total_retransmissions),
            unacknowledged: Int(facts.unacknowledged),
            smoothedRTT: .microseconds(Int(facts.smoothed_rtt))
        )
    }
}
