/// Turns bytes from a peer into text that is safe to show on a terminal or write to a log line.
///
/// Control characters (C0, DEL and C1, so no escape sequence survives) become visible escapes such as `\x1b`, `\n`,
/// `\t`; bytes that are not valid UTF-8 become `�`. Everything else, including wide characters, is kept.
public enum VisibleText {
    /// The visible form of `bytes`.
    ///
    /// Built as UTF-8 bytes and turned into a `String` once: printable ASCII, the bulk of what peers send, is copied
    /// byte for byte, so a busy server's log costs little per line.
    public static func escape<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = bytes.withContiguousStorageIfAvailable({ escape(buffer: $0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { escape(buffer: $0) }
    }

    private static func escape(buffer: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(buffer.count + 8)
        var index = 0
        while index < buffer.count {
            let byte = buffer[index]
            if byte &- 0x20 < 0x5F {
                output.append(byte)
                index += 1
                continue
            }
            if byte < 0x80 {
                appendEscape(of: UInt32(byte), to: &output)
                index += 1
                continue
            }
            switch UTF8Sequence.check(buffer, at: index) {
            case .scalar(let scalar, let length):
                if isControl(scalar) {
                    appendEscape(of: scalar.value, to: &output)
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<index + length]))
                }
                index += length
            case .invalid, .incomplete:
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The visible form of the start of `bytes`, at most `limit` bytes of it, with `…` when more followed: for a
    /// sentence that quotes a line a user may have pasted by the hundred kilobytes.
    public static func escapeStart(_ bytes: [UInt8], limit: Int = 60) -> String {
        guard bytes.count > limit else { return escape(bytes) }
        var end = limit
        // Not inside a character: back up over continuation bytes.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return escape(bytes[..<end]) + "…"
    }

    /// The visible form of text that is already a `String` (typed by a user, say).
    public static func escape(_ string: String) -> String {
        var text = ""
        for scalar in string.unicodeScalars { appendVisible(scalar, to: &text) }
        return text
    }

    /// The payload as hex bytes, two digits each, separated by spaces (`68 69 0a`).
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    /// Whether a scalar must not reach a terminal as it is.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) { return true }
        // Bidirectional overrides and isolates can reorder what the rest of a line shows.
        if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { return true }
        return false
    }

    private static func appendVisible(_ scalar: Unicode.Scalar, to text: inout String) {
        guard isControl(scalar) else {
            text.unicodeScalars.append(scalar)
            return
        }
        var bytes: [UInt8] = []
        appendEscape(of: scalar.value, to: &bytes)
        text += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the visible escape of a control character: `\n`, `\r`, `\t`, `\x1b` up to 0xFF, `\u{202e}` above.
    private static func appendEscape(of value: UInt32, to output: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        switch value {
        case 0x0A: output += [backslash, UInt8(ascii: "n")]
        case 0x0D: output += [backslash, UInt8(ascii: "r")]
        case 0x09: output += [backslash, UInt8(ascii: "t")]
        default:
            let digits = Array(String(value, radix: 16).utf8)
            if value <= 0xFF {
                output += [backslash, UInt8(ascii: "x")]
                if digits.count == 1 { output.append(UInt8(ascii: "0")) }
                output += digits
            } else {
                output += [backslash, UInt8(ascii: "u"), UInt8(ascii: "{")] + digits + [UInt8(ascii: "}")]
            }
        }
    }
}
