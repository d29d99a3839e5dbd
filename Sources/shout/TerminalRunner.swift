import Dispatch
import Foundation
import ShoutTerminal
import ShoutUI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the terminal for the length of a full-screen program, on a thread of its own (ncurses is not thread-safe):
/// polls keys, steps the app at most ~30 times a second, draws only when something changed, and restores the
/// terminal on every way out: the app quitting, SIGINT, SIGTERM, SIGHUP, and a thrown error.
/// Ctrl-Z and SIGTSTP suspend with the terminal restored; SIGCONT redraws.
enum TerminalRunner {
    /// Milliseconds between frames (~30 frames a second).
    static let frameMilliseconds = 33

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
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                prepareUIThread()
                loop(handover.app, handover.terminal, handover.signals)
                handover.terminal.stop()
                CrashGuard.disarm()
                handover.app.finish()
                continuation.resume()
            }
            thread.start()
        }
        signals.uninstall()
    }

    /// How much lower than the rest of the program the screen's thread runs (Linux nice is per thread).
    static let screenNiceness: Int32 = 5

    /// Names the UI thread `shout-ui` (for `top -H` and profilers) and lowers its scheduling priority: when the
    /// screen and the event loop want the same core, the event loop is favoured. The screen needs a few per cent of a
    /// core and still gets it.
    private static func prepareUIThread() {
        #if os(Linux)
        // Written from the thread itself: Foundation's `Thread.name` reaches the system only if the new thread runs
        // after `start()` has recorded it, which a busy machine does not promise.
        if let comm = fopen("/proc/thread-self/comm", "w") {
            fputs("shout-ui", comm)
            fclose(comm)
        }
        // On Linux the nice value belongs to each thread, and `who` 0 is the calling one.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, screenNiceness)
        #endif
    }

    private static func loop(_ app: any TerminalApp, _ terminal: Terminal, _ signals: SignalFlags) {
        var lastSize = (width: 0, height: 0)
        var mustDraw = true
        while !signals.quit.load(ordering: .relaxed) {
            var keys = terminal.pollKeys(timeoutMilliseconds: frameMilliseconds)
            if signals.suspend.exchange(false, ordering: .relaxed) || keys.contains(.control("z")) {
                keys.removeAll { $0 == .control("z") }
                suspend(terminal)
                mustDraw = true
            }
            if signals.resumed.exchange(false, ordering: .relaxed) {
                terminal.forceRedraw()
                mustDraw = true
            }
            guard app.step(keys: keys, now: Date()) else { break }
            let size = terminal.size()
            if size != lastSize || keys.contains(.resize) {
                lastSize = size
                mustDraw = true
            }
            if mustDraw || app.needsRender {
                var buffer = ScreenBuffer(width: size.width, height: size.height)
                app.render(into: &buffer, ascii: !terminal.isUTF8)
                terminal.draw(buffer)
                mustDraw = false
                if injectsFailure { injectFailure() }
            }
        }
    }

    /// A test hook: with `SHOUT_TEST_FAIL_IN_UI=1` in the environment the UI loop fails after its first frame, so
    /// the end-to-end tests can prove that a failure inside the UI leaves a restored terminal and a readable error.
    private static let injectsFailure = ProcessInfo.processInfo.environment["SHOUT_TEST_FAIL_IN_UI"] == "1"

    private static func injectFailure() {
        let empty: [Int] = []
        FileHandle.standardError.write(Data("shout: failing on purpose inside the UI (SHOUT_TEST_FAIL_IN_UI)\n".utf8))
        _ = empty[empty.count]  // an out-of-range index traps, as a bug would
    }

    /// Restores the terminal, stops the process until `fg`, then takes the terminal back.
    private static func suspend(_ terminal: Terminal) {
        terminal.stop()
        kill(getpid(), SIGSTOP)
        try? terminal.start()
        terminal.forceRedraw()
    }
}

/// Hands the app and terminal to the UI thread, which owns them from then on.
private struct UncheckedHandover: @unchecked Sendable {
    // @unchecked: after the handover only the UI thread uses `app` and `terminal`.
    let app: any TerminalApp
    let terminal: Terminal
    let signals: SignalFlags
}

/// (`@unchecked`: the flags are atomics; `sources` is touched only by install and uninstall, see there.)
/// Turns SIGINT, SIGTERM, SIGHUP, SIGTSTP and SIGCONT into flags the UI thread reads between frames.
final class SignalFlags: @unchecked Sendable {
    /// Set by SIGINT, SIGTERM or SIGHUP: leave.
    let quit = Atomic<Bool>(false)
    /// Set by SIGTSTP: suspend.
    let suspend = Atomic<Bool>(false)
    /// Set by SIGCONT: redraw everything.
    let resumed = Atomic<Bool>(false)
    // Only `install` and `uninstall` touch this, both from the task that runs the runner, one after the other.
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []
    private static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT]

    func install() {
        var made: [any DispatchSourceSignal] = []
        for number in Self.handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                switch number {
                case SIGTSTP: suspend.store(true, ordering: .relaxed)
                case SIGCONT: resumed.store(true, ordering: .relaxed)
                default: quit.store(true, ordering: .relaxed)
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
