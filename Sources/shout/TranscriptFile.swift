import ShoutCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file of `shout client --transcript FILE`: one JSON object per event (``ClientEventRecord``), appended as it
/// happens.
///
/// Opened in append mode, never truncated. Each line goes to the kernel in one `write(2)` call with no buffering in
/// this process, so a crash (or a kill) loses nothing already reported, and two clients appending to the same file
/// never interleave within a line.
final class TranscriptFile: Sendable {
    /// The path as given (with `~` expanded).
    let path: String
    private let descriptor: Int32

    /// Opens (creating it if needed) the file at `path` for appending; throws one sentence if it cannot.
    init(path: String) throws(TranscriptFileError) {
        let expanded = LocalFile.expandingTilde(path)
        self.path = expanded
        let opened = open(expanded, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw TranscriptFileError(path: expanded, errno: errno) }
        descriptor = opened
    }

    deinit {
        close(descriptor)
    }

    /// Appends `record` as one line; throws one sentence if it cannot (disk full, file system gone).
    func append(_ record: ClientEventRecord) throws(TranscriptFileError) {
        let bytes = Array((record.jsonLine + "\n").utf8)
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset < raw.count {
                // One call writes the whole line in practice (a regular file takes it all); the loop only finishes
                // what a signal interrupted.
                let written = write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw TranscriptFileError(path: path, errno: failure) }
    }
}

/// Why the transcript file cannot be opened or written, as one sentence.
struct TranscriptFileError: Error, CustomStringConvertible {
    /// The file.
    let path: String
    /// The system's error number.
    let errno: Int32

    var description: String {
        let reason = strerror(errno).map { String(cString: $0).lowercased() } ?? "error \(errno)"
        return "Cannot write the transcript to \(VisibleText.escape(path)): \(reason)."
    }
}
