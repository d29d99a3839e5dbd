import FoundationEssentials
import ShoutCore

/// What the client screen asks its host program to do; plain data, executed by the I/O layer.
///
/// Sockets are numbered by the screen: the host opens socket `id` when told and tags everything that socket
/// reports with the same number, so a report from an old connection is never taken for one from the current one.
public enum ClientScreenEffect: Sendable, Equatable {
    /// Open socket `id` of `transport` to `server`; report `.event(.ready…)` or `.openFailed`.
    case open(id: Int, Transport, Endpoint)
    /// Send `line` on socket `id` (the socket frames it: one datagram, or the line and a newline on TCP); report
    /// `.sendFailed` on error.
    case send(id: Int, line: [UInt8])
    /// Close socket `id`; whatever it reports afterwards is ignored.
    case close(id: Int)
    /// Ask the kernel about TCP socket `id` (`TCP_INFO`); report `.connectionInfo`.
    case inspect(id: Int)
    /// Write `text` (the transcript as plain text) to the file at `path`; report the outcome with `notice`.
    case save(path: String, text: String)
    /// Store the input history; `text` is the file's new contents (`InputHistory.encode()`).
    case persistHistory(text: String)
    /// The user put a mark with this text (`/mark TEXT`); the demo puts the same mark on its other half.
    case marked(String)
    /// Leave the program.
    case quit
}
