import Synchronization

/// Shared by every socket of one benchmark: whether to keep sending, and the progress so far.
final class BenchControl: Sendable {
    /// False once the duration is over (or the user interrupted): sockets stop sending new requests.
    let isRunning = Atomic<Bool>(true)
    /// Correct replies so far, for the live progress line.
    let replies = Atomic<Int>(0)
    /// Losses so far, for the live progress line.
    let lost = Atomic<Int>(0)
    /// True once the OS said nothing listens on the UDP port (ICMP port unreachable) before any reply came.
    let unreachable = Atomic<Bool>(false)
}
