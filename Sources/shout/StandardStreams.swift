#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and error, reading standard input, and asking whether they are terminals.
///
/// It goes through the file descriptors directly (no C `FILE` globals, which Swift 6 rejects as shared state).
enum StandardStreams {
    /// Whether standard input is a terminal.
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    /// Whether standard output is a terminal.
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The width of the terminal standard output is, in columns; nil when it is not a terminal (a pipe, a file), or
    /// says nothing of its size.
    static var outputColumns: Int? {
        guard outputIsTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Writes bytes to standard output.
    static func writeOutput(_ bytes: [UInt8]) {
        writeAll(bytes, to: STDOUT_FILENO)
    }

    /// Writes text to standard output.
    static func writeOutput(_ text: String) {
        writeAll(Array(text.utf8), to: STDOUT_FILENO)
    }

    /// Writes one line to standard error.
    static func writeError(_ line: String) {
        writeAll(Array((line + "\n").utf8), to: STDERR_FILENO)
    }

    /// Writes text to standard error as it is (a progress line that rewrites itself).
    static func writeErrorRaw(_ text: String) {
        writeAll(Array(text.utf8), to: STDERR_FILENO)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// Reads standard input line by line as raw bytes (no decoding, so any byte passes through unchanged).
final class StandardInputLines {
    private var buffer: [UInt8] = []
    private var isAtEnd = false
    private let interrupt: InputInterrupt?

    /// Lines of standard input; `interrupt` ends a wait for them (the input then counts as ended).
    init(interrupt: InputInterrupt? = nil) {
        self.interrupt = interrupt
    }

    /// The next line without its line end (`\n` or `\r\n`); nil at the end of input or once interrupted.
    func next() -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line
            }
            if isAtEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return buffer
            }
            if let interrupt {
                var watched = [
                    pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: interrupt.wakeDescriptor, events: Int16(POLLIN), revents: 0),
                ]
                if poll(&watched, 2, -1) < 0 && errno == EINTR { continue }
                if interrupt.isInterrupted { return nil }
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                isAtEnd = true
            } else {
                buffer.append(contentsOf: chunk[..<count])
            }
        }
    }
}
