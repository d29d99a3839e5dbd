import ShoutCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the commands need (the history, `/save`, the class list), on the system's calls: what
/// full Foundation's `FileManager` and `Data` writing did for them, without the library.
enum LocalFile {
    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The file's bytes, at most `limit` + 1 of them (so that a caller sees that it is longer than `limit`).
    static func contents(of path: String, limit: Int) throws(LocalFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LocalFileError(errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LocalFileError(errno: errno)
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return Array(bytes.prefix(limit + 1))
    }

    /// Replaces the file at `path` with `bytes` in one step: they are written to a new file beside it, which then
    /// takes its name (`rename(2)`), so a reader sees the old file or the new one, never half of one. The file gets
    /// `mode` (less the umask).
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(LocalFileError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw LocalFileError(errno: errno) }
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if close(descriptor) != 0, failure == nil {
            let code = errno
            unlink(temporary)
            throw LocalFileError(errno: code)
        }
        if let failure {
            unlink(temporary)
            throw LocalFileError(errno: failure)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw LocalFileError(errno: code)
        }
    }

    /// Makes the folder at `path` and every missing folder above it, each with `mode` (less the umask); a folder
    /// that exists already is fine.
    static func createFolders(_ path: String, mode: mode_t) throws(LocalFileError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, mode) != 0, errno != EEXIST { throw LocalFileError(errno: errno) }
        }
    }

    /// Sets the permission bits of the file at `path`.
    static func setMode(_ mode: mode_t, of path: String) throws(LocalFileError) {
        guard chmod(path, mode) == 0 else { throw LocalFileError(errno: errno) }
    }

    /// The variables of the process's environment among `names` that are set, with their values.
    static func environment(_ names: String...) -> [String: String] {
        var found: [String: String] = [:]
        for name in names { if let value = getenv(name) { found[name] = String(cString: value) } }
        return found
    }

    /// `path` with a leading `~` (the user's home, `$HOME`) or `~name` (that user's) expanded, as a shell would.
    static func expandingTilde(_ path: String) -> String {
        HomePath.expandingTilde(path) { user in
            if user == nil, let home = getenv("HOME") { return String(cString: home) }
            let entry = user.map { getpwnam($0) } ?? getpwuid(getuid())
            guard let entry, let folder = entry.pointee.pw_dir else { return nil }
            return String(cString: folder)
        }
    }
}

/// Why a file operation failed: the system's error number, and its text in lower case (`no such file or directory`).
struct LocalFileError: Error, CustomStringConvertible {
    /// The error number.
    let errno: Int32

    var description: String {
        strerror(errno).map { String(cString: $0).lowercased() } ?? "error \(errno)"
    }
}
