import FoundationEssentials
import ShoutCore

/// What the client screen asks its host program to do; plain data, executed by the I/O layer.
///
/// The sockets are the session's: its effects pass through the screen as they are (`.session`), so a new socket
/// effect is written once, in ``ClientSessionEffect``, and carried out by the same code for every client driver.
/// The other cases are what the screen adds: files, the history, a mark for the demo's other half, quitting.
public enum ClientScreenEffect: Sendable, Equatable {
    /// A socket effect of the session (open, send, close, inspect), for the host's sockets.
    case session(ClientSessionEffect)
    /// Write `text` (the transcript as plain text) to the file at `path`; report the outcome with `notice`.
    case save(path: String, text: String)
    /// Store the input history; `text` is the file's new contents (`InputHistory.encode()`).
    case persistHistory(text: String)
    /// The user put a mark with this text (`/mark TEXT`); the demo puts the same mark on its other half.
    case marked(String)
    /// Leave the program.
    case quit
}
