/// Checks one UTF-8 sequence at a time, strictly (no overlong forms, no surrogates, nothing above U+10FFFF).
public enum UTF8Sequence {
    /// What stands at one position of a byte buffer.
    public enum Check: Equatable {
        /// A whole, valid character of `length` bytes.
        case scalar(Unicode.Scalar, length: Int)
        /// The byte at this position cannot start a valid character.
        case invalid
        /// A valid beginning of a character that the buffer cuts off.
        case incomplete
    }

    /// Checks the sequence that starts at `index` (whose byte is ≥ 0x80).
    public static func check(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Check {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: return .invalid
        }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            let position = index + offset
            guard position < bytes.count else { return .incomplete }
            let byte = bytes[position]
            let range: ClosedRange<UInt8> = offset == 1 ? secondRange : 0x80...0xBF
            guard range.contains(byte) else { return .invalid }
            value = (value << 6) | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return .invalid }
        return .scalar(scalar, length: length)
    }

    /// The UTF-8 bytes of one scalar.
    public static func encode(_ scalar: Unicode.Scalar) -> [UInt8] {
        Array(String(Character(scalar)).utf8)
    }

    /// The length of the longest prefix of `bytes` that does not cut a valid multi-byte character in two.
    public static func characterBoundary(in bytes: [UInt8], atMost limit: Int) -> Int {
        guard bytes.count > limit else { return bytes.count }
        var cut = limit
        // Step back over continuation bytes (at most three) to the start of the character that straddles the limit.
        while cut > 0, limit - cut < 4, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return bytes[cut] & 0xC0 == 0x80 ? limit : cut
    }
}
