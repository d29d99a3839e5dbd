import Synchronization

/// What the outside world asks of a running UI loop, as flags the loop reads between frames: set from any thread
/// (a signal handler's queue, a service's shutdown), read and cleared by the loop's thread.
public final class TerminalSignals: Sendable {
    /// Leave (SIGINT, SIGTERM, SIGHUP, a graceful shutdown).
    public let quit = Atomic<Bool>(false)
    /// Suspend with the terminal restored (SIGTSTP).
    public let suspend = Atomic<Bool>(false)
    /// The process was continued: redraw everything (SIGCONT).
    public let resumed = Atomic<Bool>(false)

    public init() {}
}
