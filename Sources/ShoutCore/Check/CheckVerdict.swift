/// Compares a server's reply with the textbook's (Python's `str.upper()`, as ``Uppercasing`` does it) and words the
/// finding as one sentence. Pure: the checks in ShoutCheck send and collect, this says what it means.
public enum CheckVerdict {
    /// How a reply differs from the upper-cased request.
    public enum Diagnosis: Sendable, Equatable {
        /// Exactly the upper-cased bytes.
        case exact
        /// Nothing came back.
        case nothing
        /// The request came back as it was sent.
        case unchanged
        /// The request came back lower-cased.
        case lowerCased
        /// Only ASCII letters were upper-cased (Python's `bytes.upper()`).
        case asciiOnly
        /// The first `count` bytes of the right reply, and no more.
        case truncated(count: Int)
        /// Something else.
        case other
    }

    /// How `reply` compares with the textbook's answer to `request`.
    public static func diagnose(request: [UInt8], reply: [UInt8]) -> Diagnosis {
        let expected = Uppercasing.uppercased(request)
        if reply == expected { return .exact }
        if reply.isEmpty { return .nothing }
        if reply == request { return .unchanged }
        if reply == asciiUppercased(request) { return .asciiOnly }
        if reply == Array(String(decoding: request, as: UTF8.self).lowercased().utf8) { return .lowerCased }
        if reply.count < expected.count && expected.starts(with: reply) { return .truncated(count: reply.count) }
        return .other
    }

    /// The sentence for one exchange, and whether it passed: `sent "straße é" and got "STRAßE É": only ASCII letters
    /// were upper-cased; Python's str.upper() gives "STRASSE É"`. `nothing` is how to say that no reply came.
    public static func exchange(request: [UInt8], reply: [UInt8], nothing: String) -> (passed: Bool, sentence: String) {
        let expected = Uppercasing.uppercased(request)
        let sent = "sent " + quote(request)
        let textbook = "Python's str.upper() gives " + quote(expected)
        switch diagnose(request: request, reply: reply) {
        case .exact:
            return (true, sent + " and got " + quote(reply) + ", as Python's str.upper() gives")
        case .nothing:
            return (false, sent + " and " + nothing)
        case .unchanged:
            return (false, sent + " and got it back unchanged: the server echoes instead of upper-casing; " + textbook)
        case .lowerCased:
            return (false, sent + " and got " + quote(reply) + ": the server lower-cases; " + textbook)
        case .asciiOnly:
            return (false, sent + " and got " + quote(reply) + ": only ASCII letters were upper-cased; " + textbook)
        case .truncated(let count):
            return (
                false,
                "sent \(NumberText.grouped(request.count)) bytes and got only the first "
                    + "\(NumberText.grouped(count)) of the \(NumberText.grouped(expected.count)) upper-cased bytes "
                    + "back: the reply is cut short (a receive buffer too small?); the textbook server's "
                    + "recvfrom(2048) takes the whole datagram"
            )
        case .other:
            return (false, sent + " and got " + quote(reply) + "; " + textbook)
        }
    }

    /// Bytes as a quoted, visible string, shortened past `limit` characters with their count: bytes from a server
    /// are never shown raw (``VisibleText``).
    public static func quote(_ bytes: [UInt8], limit: Int = 48) -> String {
        let visible = VisibleText.escape(bytes)
        guard visible.count > limit else { return "\"" + visible + "\"" }
        return "\"" + visible.prefix(limit) + "…\" (\(NumberText.grouped(bytes.count)) bytes)"
    }

    /// A timeout as a person says it: `1 s`, `0.3 s`.
    public static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let text = String(format1: seconds)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " s"
    }

    /// What Python's `bytes.upper()` gives: ASCII letters upper-cased, every other byte as it is.
    static func asciiUppercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
    }
}
