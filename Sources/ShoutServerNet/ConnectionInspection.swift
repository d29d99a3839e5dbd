import CLinuxSockets
import Glibc
import ShoutCore
import Synchronization

/// The kernel's view of the server's TCP connections (`TCP_INFO`: state, smoothed RTT, retransmissions), read by the
/// TCP loop on its own thread when the screen asks, never per read.
///
/// Why the loop reads it and not the screen: only the loop knows which descriptors are open; a descriptor it has
/// closed may already be another connection's (or another file's) by the time another thread looks at it. So the
/// screen calls ``request(_:)`` with the ids of the connections it shows (a flag, and a write to an eventfd in the
/// loop's `epoll` set that wakes it), and the loop, at the end of that wake-up, reads `TCP_INFO` of those it holds
/// open and publishes them here as one snapshot keyed by the connection's id, which the screen reads with
/// ``snapshot(after:)``. A server may hold thousands of connections; the pane shows a few, and only those cost a
/// system call.
///
/// The eventfd belongs to this object and is closed when the last reference goes, so a late request never writes
/// to a descriptor that has been closed and reused.
public final class ConnectionInspection: Sendable {
    /// The eventfd the loop watches; -1 when the system gave none (then requests do nothing).
    let wakeDescriptor: Int32
    private let asked = Atomic<Bool>(false)
    /// The connections asked about, for the loop to take.
    private let wanted = Mutex<Set<Int>>([])
    /// The latest snapshot, and how many have been published.
    private let latest = Mutex<(generation: Int, view: [Int: TCPConnectionInfo])>((0, [:]))

    init() {
        wakeDescriptor = shout_event_descriptor()
    }

    deinit {
        if wakeDescriptor >= 0 { Glibc.close(wakeDescriptor) }
    }

    /// Asks the loop for a new snapshot of the connections `ids`; several requests before it answers are one (the
    /// last one's ids).
    public func request(_ ids: Set<Int>) {
        wanted.withLock { $0 = ids }
        guard wakeDescriptor >= 0, !asked.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// The kernel's view of the connections asked about that are open, by the id their events carry, as of the
    /// latest answered request, with its number; nil when none was published since number `generation`.
    public func snapshot(after generation: Int) -> (generation: Int, view: [Int: TCPConnectionInfo])? {
        latest.withLock { $0.generation != generation ? $0 : nil }
    }

    /// On the loop's thread: takes the request (resets the eventfd) and returns the ids asked about; nil when
    /// there was no request.
    func takeRequest() -> Set<Int>? {
        var count: UInt64 = 0
        _ = Glibc.read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
        guard asked.exchange(false, ordering: .acquiringAndReleasing) else { return nil }
        return wanted.withLock { $0 }
    }

    /// On the loop's thread: replaces the snapshot.
    func publish(_ view: [Int: TCPConnectionInfo]) {
        latest.withLock { $0 = ($0.generation &+ 1, view) }
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
