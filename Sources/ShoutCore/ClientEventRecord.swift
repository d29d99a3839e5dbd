import FoundationEssentials

/// One event of the client's transcript as a record for scripts: a line of `shout client --transcript FILE` and of
/// `/save FILE.jsonl`, one JSON object per line.
///
/// The field names are stable (they are documented in the README next to the server's `--log-format json`):
/// `time`, `event`, `transport`, `server`, `request`, `bytes`, `text`, `rtt_ms`, `local`, `setup_ms`, `reason`,
/// `expected`, `mark`, `retry`, `message`. A field that does not apply to an event is left out.
public struct ClientEventRecord: Sendable, Equatable {
    /// What happened; the value of the `event` field.
    public enum Event: String, Sendable, CaseIterable {
        /// A line was sent.
        case sent
        /// A reply came in time (`rtt_ms`).
        case reply
        /// A request got no reply: timeout, port unreachable, or the connection ended first (`reason`).
        case lost
        /// A line the kernel would not send, or one too large for a datagram (`reason`); not counted as lost.
        case notSent = "not_sent"
        /// A TCP line whose reply has not come within the timeout: still waiting, as TCP delivers or reports the
        /// connection lost (`reason`: what the kernel said of the connection, when it said anything).
        case waiting
        /// A reply to a request already counted as lost (`rtt_ms` is the time since it was sent).
        case late
        /// A second reply to a request already answered.
        case duplicate
        /// Bytes that answer nothing sent.
        case unsolicited
        /// A socket is ready: a TCP connection (`setup_ms`: the handshake), or a UDP socket (no connection).
        case connect
        /// A TCP connection ended (`reason`).
        case close
        /// New lines go over another transport.
        case `switch`
        /// A marker the user put in the transcript (`mark`: its number, `text`).
        case mark
        /// Something went wrong (`message`): refused, host not found, a send that failed.
        case problem
    }

    /// When it happened (written as UTC ISO 8601 with milliseconds).
    public var time: Date
    /// What happened.
    public var event: Event
    /// The transport it concerns.
    public var transport: Transport?
    /// The server talked to.
    public var server: Endpoint?
    /// The request's number, from 1, which pairs a `sent` with its `reply`, `lost`, `late` or `duplicate`.
    public var request: Int?
    /// The payload's size in bytes (a TCP line without its newline).
    public var bytes: Int?
    /// The payload as text (bytes that are not UTF-8 become U+FFFD), or the text of a mark.
    public var text: String?
    /// The round-trip time: from the moment the bytes were handed to the socket to the moment the reply was read.
    public var rtt: Duration?
    /// The client's own address and port (connect).
    public var local: Endpoint?
    /// How long the TCP handshake took (connect).
    public var setup: Duration?
    /// Why a request was lost or a connection closed.
    public var reason: String?
    /// The reply that was expected, when a reply differs from it.
    public var expected: String?
    /// The number of a mark, from 1.
    public var mark: Int?
    /// Whether a `sent` line is the same line again on a new TCP connection (the server closed the old one).
    public var retry: Bool?
    /// The sentence of a `problem`.
    public var message: String?

    /// How much of a line a `not_sent` record quotes (its `bytes` field says how long it was).
    public static let quotedBytes = 200

    /// A record with only `time` and `event`; set the fields that apply.
    public init(time: Date, event: Event) {
        self.time = time
        self.event = event
    }

    /// A record about a payload: `bytes` and `text` are taken from it.
    public init(
        time: Date,
        event: Event,
        transport: Transport?,
        server: Endpoint?,
        request: Int? = nil,
        payload: [UInt8],
        rtt: Duration? = nil
    ) {
        self.init(time: time, event: event)
        self.transport = transport
        self.server = server
        self.request = request
        self.bytes = payload.count
        self.text = String(decoding: payload, as: UTF8.self)
        self.rtt = rtt
    }

    /// The record as one line of JSON, without a line end. Control characters in text are escaped by JSON, so the
    /// line never holds a raw line break or escape sequence.
    public var jsonLine: String {
        var json = JSONLine()
        json.add("time", Timestamp.iso8601(time))
        json.add("event", event.rawValue)
        if let transport { json.add("transport", transport.rawValue) }
        if let server { json.add("server", server.description) }
        if let request { json.add("request", request) }
        if let bytes { json.add("bytes", bytes) }
        if let text { json.add("text", text) }
        if let rtt { json.add("rtt_ms", Self.milliseconds(rtt)) }
        if let local { json.add("local", local.description) }
        if let setup { json.add("setup_ms", Self.milliseconds(setup)) }
        if let reason { json.add("reason", reason) }
        if let expected { json.add("expected", expected) }
        if let mark { json.add("mark", mark) }
        if let retry { json.add("retry", retry) }
        if let message { json.add("message", message) }
        return json.text
    }

    /// A duration in milliseconds (JSONLine keeps three decimals: microseconds).
    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
