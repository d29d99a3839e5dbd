import Dispatch
import FoundationEssentials
import ServiceLifecycle
import ShoutSystem
import ShoutTerminal
import ShoutUI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the terminal for the length of a full-screen program, on a thread of its own (ncurses is not thread-safe),
/// where a ``TerminalLoop`` polls keys, steps the app at most ~30 times a second and draws only when something
/// changed; restores the terminal on every way out: the app quitting, SIGINT, SIGTERM, SIGHUP, and a thrown error.
/// Ctrl-Z and SIGTSTP suspend with the terminal restored; SIGCONT redraws.
enum TerminalRunner {
    /// Runs `app` until it quits or a signal ends it. Throws ``TerminalError`` when there is no usable terminal.
    static func run(_ app: any TerminalApp) async throws {
        let terminal = Terminal()
        CrashGuard.arm()
        do {
            try terminal.start()
        } catch {
            CrashGuard.disarm()
            throw error
        }
        let signals = SignalFlags()
        signals.install()
        // The app and the terminal live on the UI thread from here on; nothing else touches them.
        let handover = UncheckedHandover(app: app, terminal: terminal, signals: signals)
        // SIGINT, SIGTERM and SIGHUP reach the screen as the command lifetime's graceful shutdown.
        try await withGracefulShutdownHandler {
            try await runOnUIThread(handover)
        } onGracefulShutdown: {
            signals.flags.quit.store(true, ordering: .relaxed)
        }
        signals.uninstall()
    }

    /// Runs the loop on a thread of its own until it ends, then restores the terminal; throws, with the terminal
    /// restored, when the system starts no thread.
    private static func runOnUIThread(_ handover: UncheckedHandover) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let started: Void? = try? DetachedThread.start {
                prepareUIThread()
                TerminalLoop(
                    app: handover.app,
                    backend: handover.terminal,
                    signals: handover.signals.flags,
                    suspendProcess: { kill(getpid(), SIGSTOP) },
                    afterDraw: { if injectsFailure { injectFailure() } }
                ).run()
                handover.terminal.stop()
                CrashGuard.disarm()
                handover.app.finish()
                continuation.resume()
            }
            if started == nil {
                handover.terminal.stop()
                CrashGuard.disarm()
                continuation.resume(throwing: TerminalError.noThread)
            }
        }
    }

    /// How much lower than the rest of the program the screen's thread runs (Linux nice is per thread).
    static let screenNiceness: Int32 = 5

    /// Names the UI thread `shout-ui` (for `top -H` and profilers) and lowers its scheduling priority: when the
    /// screen and the event loop want the same core, the event loop is favoured. The screen needs a few per cent of a
    /// core and still gets it.
    private static func prepareUIThread() {
        #if os(Linux)
        CurrentThread.name("shout-ui")
        // On Linux the nice value belongs to each thread, and `who` 0 is the calling one.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, screenNiceness)
        #endif
    }

    /// A test hook: with `SHOUT_TEST_FAIL_IN_UI=1` in the environment the UI loop fails after its first frame, so
    /// the end-to-end tests can prove that a failure inside the UI leaves a restored terminal and a readable error.
    private static let injectsFailure = getenv("SHOUT_TEST_FAIL_IN_UI").map { String(cString: $0) } == "1"

    private static func injectFailure() {
        let empty: [Int] = []
        StandardStreams.writeError("shout: failing on purpose inside the UI (SHOUT_TEST_FAIL_IN_UI)")
        _ = empty[empty.count]  // an out-of-range index traps, as a bug would
    }
}

/// Hands the app and terminal to the UI thread, which owns them from then on.
private struct UncheckedHandover: @unchecked Sendable {
    // @unchecked: after the handover only the UI thread uses `app` and `terminal`.
    let app: any TerminalApp
    let terminal: Terminal
    let signals: SignalFlags
}

/// (`@unchecked`: `sources` is touched only by install and uninstall, see there.)
/// Turns SIGTSTP and SIGCONT into the flags the UI loop reads between frames (the shutdown signals come through
/// the command's lifetime, see ``CommandLifetime``).
final class SignalFlags: @unchecked Sendable {
    /// The flags the loop reads.
    let flags = TerminalSignals()
    // Only `install` and `uninstall` touch this, both from the task that runs the runner, one after the other.
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []
    private static let handled: [Int32] = [SIGTSTP, SIGCONT]

    func install() {
        var made: [any DispatchSourceSignal] = []
        for number in Self.handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let flags = self.flags
            source.setEventHandler {
                if number == SIGTSTP {
                    flags.suspend.store(true, ordering: .relaxed)
                } else {
                    flags.resumed.store(true, ordering: .relaxed)
                }
            }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    func uninstall() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.handled { signal(number, SIG_DFL) }
    }
}
