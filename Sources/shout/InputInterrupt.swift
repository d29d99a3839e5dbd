import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ends a wait for standard input from another task (a graceful shutdown of the plain client): a flag, and a pipe
/// that ``StandardInputLines`` polls beside standard input, so the blocking read returns instead of the process
/// leaving from under its own sockets.
final class InputInterrupt: Sendable {
    private let flag = Atomic<Bool>(false)
    /// The pipe's read end, readable once interrupted.
    let wakeDescriptor: Int32
    private let wakeWriter: Int32

    /// A new interrupt; nil when the system gives no pipe (the plain client then reads without one).
    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wakeDescriptor = ends[0]
        wakeWriter = ends[1]
    }

    deinit {
        close(wakeDescriptor)
        close(wakeWriter)
    }

    /// Whether ``interrupt()`` was called.
    var isInterrupted: Bool { flag.load(ordering: .relaxed) }

    /// Ends the current and every later wait for input. Safe to call more than once.
    func interrupt() {
        guard !flag.exchange(true, ordering: .relaxed) else { return }
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
    }
}
