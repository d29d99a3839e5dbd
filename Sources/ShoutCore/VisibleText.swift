/// Turns bytes from a peer into text that is safe to show on a terminal or write to a log line.
///
/// Control characters (C0, DEL and C1, so no escape sequence survives) become visible escapes such as `\x1b`, `\n`,
/// `\t`; bytes that are not valid UTF-8 become `�`. Everything else, including wide characters, is kept.
public enum VisibleText {
    /// The visible form of `bytes`.
    public static func escape<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var text = ""
        text.reserveCapacity(array.count)
        array.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte < 0x80 {
                    appendVisible(Unicode.Scalar(byte), to: &text)
                    index += 1
                    continue
                }
                switch UTF8Sequence.check(buffer, at: index) {
                case .scalar(let scalar, let length):
                    appendVisible(scalar, to: &text)
                    index += length
                case .invalid, .incomplete:
                    text.unicodeScalars.append("\u{FFFD}")
                    index += 1
                }
            }
        }
        return text
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
        switch scalar {
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        case "\t": text += "\\t"
        default:
            let value = scalar.value
            let digits = String(value, radix: 16)
            if value <= 0xFF {
                text += "\\x" + (digits.count == 1 ? "0" : "") + digits
            } else {
                text += "\\u{" + digits + "}"
            }
        }
    }
}
