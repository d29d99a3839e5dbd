import Foundation
import ShoutCore

/// What the client screen asks its host program to do; plain data, executed by the I/O layer.
///
/// Sockets are numbered by the screen: the host opens socket `id` when told and tags everything that socket
/// reports with the same number, so a report from an old connection is never taken for one from the current one.
public enum ClientScreenEffect: Sendable, Equatable {
    /// Open socket `id` of `transport` to `server`; report `.event(.ready…)` or `.openFailed`.
    case open(id: Int, Transport, Endpoint)
    /// Send `bytes` (already framed: a TCP line ends in a newline) on socket `id`; report `.sendFailed` on error.
    case send(id: Int, [UInt8])
    /// Close socket `id`; whatever it reports afterwards is ignored.
    case close(id: Int)
    /// Write `text` (the transcript as plain text) to the file at `path`; report the outcome with `notice`.
    case save(path: String, text: String)
    /// Store the input history; `text` is the file's new contents (`InputHistory.encode()`).
    case persistHistory(text: String)
    /// Leave the program.
    case quit
}

/// What a socket opened for the client screen reports back, tagged with the socket's number by the host.
public enum ClientSocketReport: Sendable {
    /// Something the socket saw (ready, a reply, a close, a problem).
    case event(ClientNetEvent)
    /// The socket could not be opened; one sentence for the user (host not found, refused, …).
    case openFailed(String)
    /// Bytes could not be sent; one sentence for the user.
    case sendFailed(String)
    /// The socket's `number`-th send (from 1, in the order of the `.send` effects for it) was handed to the socket
    /// at `at`: the request's round trip starts then, not when the screen asked for the send.
    case sent(number: Int, at: ContinuousClock.Instant)
}

/// A point in time as the client screen needs it: a monotonic instant for round trips and timeouts, and the
/// wall-clock time of day (`14:02:11`) shown beside transcript lines.
public struct ClientMoment: Sendable {
    /// For round-trip times and deadlines.
    public var instant: ContinuousClock.Instant
    /// Local time of day, `HH:MM:SS`.
    public var wallClock: String

    /// The date, for the time of event records (`--transcript`, `/save FILE.jsonl`).
    public var date: Date

    public init(instant: ContinuousClock.Instant, wallClock: String, date: Date = Date()) {
        self.instant = instant
        self.wallClock = wallClock
        self.date = date
    }
}
