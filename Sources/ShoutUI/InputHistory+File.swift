extension InputHistory {
    /// The entries as file contents: one entry per line, oldest first, each ending in a newline.
    ///
    /// In each entry `\` is written `\\`, and every control or line-breaking character is written as an escape
    /// (`\n`, `\r`, `\t`, `\u{85}`), so no entry can span two lines of the file.
    public func encode() -> String {
        var text = ""
        for entry in entries {
            for scalar in entry.unicodeScalars { Self.appendEscaped(scalar, to: &text) }
            text += "\n"
        }
        return text
    }

    /// A history read from file contents written by `encode()`. A line that does not decode is skipped; any input,
    /// even binary garbage, gives a history (possibly empty).
    public static func decode(_ text: String, capacity: Int = defaultCapacity) -> InputHistory {
        var history = InputHistory(capacity: capacity)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if let entry = unescape(line) { history.add(entry) }
        }
        return history
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to text: inout String) {
        let value = scalar.value
        switch scalar {
        case "\\": text += "\\\\"
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        case "\t": text += "\\t"
        default:
            let category = scalar.properties.generalCategory
            if value < 0x20 || (0x7F...0x9F).contains(value) || category == .lineSeparator
                || category == .paragraphSeparator
            {
                text += "\\u{" + String(value, radix: 16) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }

    /// The entry an encoded line stands for, or nil if the line is not well formed.
    private static func unescape(_ line: Substring) -> String? {
        var result = ""
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.next() {
            case "\\": result += "\\"
            case "n": result += "\n"
            case "r": result += "\r"
            case "t": result += "\t"
            case "u":
                guard scalars.next() == "{" else { return nil }
                var digits = ""
                var closed = false
                while let digit = scalars.next() {
                    if digit == "}" {
                        closed = true
                        break
                    }
                    digits.unicodeScalars.append(digit)
                    if digits.unicodeScalars.count > 6 { return nil }
                }
                guard closed else { return nil }
                guard let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) else { return nil }
                result.unicodeScalars.append(decoded)
            default:
                return nil
            }
        }
        return result
    }
}
