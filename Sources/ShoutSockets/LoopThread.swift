import Glibc
import NIOCore
import ShoutSystem
import Synchronization

/// The thread a serving loop of the server's own runs on, and the pipe that wakes it to stop: the loop polls
/// ``wakeDescriptor`` with its sockets and returns once it is readable.
package final class LoopThread: Sendable {
    /// The pipe's read end, for the loop to poll.
    package let wakeDescriptor: Int32
    private let wakeWriter: Int32
    private let exit = Mutex(ExitState())

    private struct ExitState {
        var stopRequested = false
        var exited = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    package init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw NetworkError.other(
                "Cannot start serving: \(NetworkError.describe(errno: errno))."
            )
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wakeDescriptor = ends[0]
        wakeWriter = ends[1]
    }

    /// Runs `loop` on a new thread called `name`; once it returns, the pipe is closed and ``stop()`` returns.
    /// Throws a ``NetworkError`` when the system starts no thread (the pipe is closed then, and ``stop()`` returns).
    package func start(named name: String, _ loop: @escaping @Sendable () -> Void) throws {
        do {
            try DetachedThread.start { [self] in
                CurrentThread.name(name)
                loop()
                finish()
            }
        } catch {
            finish()
            throw NetworkError.other("Cannot start serving: \(NetworkError.describe(errno: error.errno)).")
        }
    }

    /// Closes the pipe and lets every waiting ``stop()`` return.
    private func finish() {
        let waiters = exit.withLock { state in
            state.exited = true
            close(wakeDescriptor)
            close(wakeWriter)
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Wakes the loop to stop, and waits until it has returned. Safe to call more than once.
    package func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let exited = exit.withLock { state in
                if state.exited { return true }
                if !state.stopRequested {
                    state.stopRequested = true
                    var byte: UInt8 = 1
                    _ = write(wakeWriter, &byte, 1)
                }
                state.waiters.append(continuation)
                return false
            }
            if exited { continuation.resume() }
        }
    }
}
