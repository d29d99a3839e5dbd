import FoundationEssentials
import ShoutUI

#if canImport(Glibc)
import Glibc
#endif

/// Where the client keeps its input history between runs: `$XDG_STATE_HOME/shout/history`, or
/// `~/.local/state/shout/history`. Reading never fails the program: a missing file is an empty history, and an
/// unreadable or corrupt one is ignored with a sentence for the transcript.
struct HistoryFile {
    /// The biggest file read; anything larger is not a history this program wrote.
    static let maximumBytes = 4 << 20

    /// The file's path.
    let path: String

    /// The standard location for `environment`, or nil when neither `XDG_STATE_HOME` nor `HOME` is usable.
    static func standard(environment: [String: String] = LocalFile.environment("XDG_STATE_HOME", "HOME")) -> HistoryFile? {
        // The XDG spec says a relative path in XDG_STATE_HOME is invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return HistoryFile(path: state + "/shout/history")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return HistoryFile(path: home + "/.local/state/shout/history")
    }

    /// The history in the file, and a sentence when the file could not be used.
    func load() -> (history: InputHistory, problem: String?) {
        guard LocalFile.exists(path) else { return (InputHistory(), nil) }
        let data: [UInt8]
        do {
            data = try LocalFile.contents(of: path, limit: Self.maximumBytes)
        } catch {
            return (InputHistory(), "cannot read the history file \(path); starting without history")
        }
        guard data.count <= Self.maximumBytes, !data.contains(0),
            let text = String(validating: data, as: UTF8.self)
        else {
            return (InputHistory(), "the history file \(path) is corrupt (not text); ignored, it will be replaced")
        }
        return (InputHistory.decode(text), nil)
    }

    /// Writes `text` (`InputHistory.encode()`), readable by the user only; throws a sentence on failure.
    func save(_ text: String) throws {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        do {
            if !folder.isEmpty { try LocalFile.createFolders(folder, mode: 0o700) }
            try LocalFile.writeAtomically(Array(text.utf8), to: path, mode: 0o600)
            try LocalFile.setMode(0o600, of: path)
        } catch {
            throw HistoryFileError(sentence: "cannot write the history file \(path); history will not be kept")
        }
    }
}

/// Why the history could not be written, as one sentence.
struct HistoryFileError: Error, CustomStringConvertible {
    let sentence: String
    var description: String { sentence }
}
