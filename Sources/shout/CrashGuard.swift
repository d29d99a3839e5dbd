import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the terminal usable when the program fails inside the UI.
///
/// While a full-screen program runs, standard error goes to an unlinked temporary file (so no stray message can
/// scribble over the screen). If the process then dies of a fatal signal (a Swift runtime trap, an abort, a
/// segmentation fault), a signal handler restores the terminal's settings, leaves the alternate screen, shows the
/// cursor, and only then copies what was written to standard error onto the real one: the error appears on a
/// restored terminal. On a normal exit ``disarm()`` does the same copy after ncurses has restored the terminal.
///
/// The handler uses only async-signal-safe calls (tcsetattr, write, read, lseek, signal, raise).
enum CrashGuard {
    // The signal handler can read only globals. They are written by `arm`/`disarm` on the one task that runs the
    // terminal, before the handlers are installed and after they are removed.
    nonisolated(unsafe) private static var savedSettings = termios()
    nonisolated(unsafe) private static var hasSettings = false
    nonisolated(unsafe) private static var realStandardError: Int32 = -1
    nonisolated(unsafe) private static var capturedStandardError: Int32 = -1
    private static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Call before the terminal is taken over.
    static func arm() {
        hasSettings = tcgetattr(STDIN_FILENO, &savedSettings) == 0
        var template = Array("/tmp/shout-stderr-XXXXXX".utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if file >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            realStandardError = dup(STDERR_FILENO)
            capturedStandardError = file
            dup2(file, STDERR_FILENO)
        }
        for number in fatalSignals { signal(number, crashHandler) }
    }

    /// Call after the terminal is restored: puts standard error back and shows what was written to it meanwhile.
    static func disarm() {
        for number in fatalSignals { signal(number, SIG_DFL) }
        guard realStandardError >= 0, capturedStandardError >= 0 else { return }
        dup2(realStandardError, STDERR_FILENO)
        replayCapturedStandardError()
        close(capturedStandardError)
        close(realStandardError)
        capturedStandardError = -1
        realStandardError = -1
    }

    /// Copies the captured standard error onto the real one.
    fileprivate static func replayCapturedStandardError() {
        guard realStandardError >= 0, capturedStandardError >= 0 else { return }
        lseek(capturedStandardError, 0, SEEK_SET)
        var buffer = (0..<4096).map { _ in UInt8(0) }
        buffer.withUnsafeMutableBytes { raw in
            while true {
                let count = read(capturedStandardError, raw.baseAddress, raw.count)
                if count <= 0 { break }
                _ = write(realStandardError, raw.baseAddress, count)
            }
        }
    }

    /// What the handler does, in order: terminal settings, screen, then the error text.
    fileprivate static func restoreAfterCrash() {
        if hasSettings { tcsetattr(STDIN_FILENO, TCSANOW, &savedSettings) }
        let reset: StaticString = "\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l\r\n"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
        replayCapturedStandardError()
    }
}

/// The fatal-signal handler: restore, then die of the same signal with its default action.
private func crashHandler(_ number: Int32) {
    CrashGuard.restoreAfterCrash()
    signal(number, SIG_DFL)
    raise(number)
}
