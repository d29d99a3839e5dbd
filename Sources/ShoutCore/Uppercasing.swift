/// Upper-cases bytes the way the textbook server's `decode().upper()` does, without ever failing.
///
/// Valid UTF-8 is upper-cased with Unicode's full case mapping (`straße` → `STRASSE`, `é` → `É`, `日本` unchanged).
/// Bytes that are not valid UTF-8 pass through unchanged (ASCII letters around them are still upper-cased).
/// ASCII needs no decoding at all: it is upper-cased byte by byte.
public enum Uppercasing {
    /// The upper-cased form of `bytes`, as one reply.
    public static func uppercased<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            output.reserveCapacity(buffer.count)
            _ = appendUppercased(buffer, to: &output, isFinal: true)
        }
        if done == nil {
            let array = Array(bytes)
            output.reserveCapacity(array.count)
            array.withUnsafeBufferPointer { _ = appendUppercased($0, to: &output, isFinal: true) }
        }
        return output
    }

    /// Copies `source` into `destination` (at least as large) with ASCII letters upper-cased, and reports whether
    /// every byte was ASCII; when it was not, `destination` holds garbage and the Unicode path must be used.
    ///
    /// Eight bytes at a time: a word with no byte at 0x80 or above is all ASCII, and its lower-case letters are the
    /// bytes from 0x61 to 0x7A, found with two additions whose carries stay inside each byte (every byte is below
    /// 0x80); clearing bit 0x20 of exactly those bytes upper-cases them.
    @inlinable
    public static func copyUppercasingASCII(
        from source: UnsafeRawBufferPointer,
        to destination: UnsafeMutableRawBufferPointer
    ) -> Bool {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let count = source.count
        var index = 0
        while index + 8 <= count {
            let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & highBits != 0 { return false }
            let atLeastA = word &+ 0x1F1F_1F1F_1F1F_1F1F  // high bit set where byte >= 0x61
            let pastZ = word &+ 0x0505_0505_0505_0505  // high bit set where byte >= 0x7B
            let lowerCase = atLeastA & ~pastZ & highBits
            destination.storeBytes(of: word ^ (lowerCase >> 2), toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            let byte = source[index]
            if byte >= 0x80 { return false }
            destination[index] = byte &- 0x61 < 26 ? byte &- 0x20 : byte
            index += 1
        }
        return true
    }

    /// Appends the upper-cased form of `input` to `output` and returns how many input bytes it consumed.
    ///
    /// With `isFinal == false`, a multi-byte character cut off at the end of `input` is not consumed: the caller keeps
    /// those (at most three) bytes and passes them again in front of the next piece of the stream.
    @discardableResult
    public static func appendUppercased(
        _ input: UnsafeBufferPointer<UInt8>,
        to output: inout [UInt8],
        isFinal: Bool
    ) -> Int {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                output.append(byte &- 0x61 < 26 ? byte &- 0x20 : byte)
                index += 1
                continue
            }
            switch UTF8Sequence.check(input, at: index) {
            case .scalar(let scalar, let length):
                appendUppercased(scalar, to: &output)
                index += length
            case .invalid:
                output.append(byte)
                index += 1
            case .incomplete:
                if !isFinal { return index }
                output.append(byte)
                index += 1
            }
        }
        return index
    }

    /// Appends the upper-case mapping of one scalar (one to three scalars) as UTF-8.
    private static func appendUppercased(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let properties = scalar.properties
        guard properties.changesWhenUppercased else {
            output.append(contentsOf: UTF8Sequence.encode(scalar))
            return
        }
        output.append(contentsOf: properties.uppercaseMapping.utf8)
    }

    /// The most bytes one input byte can become: `ΐ` (2 bytes) upper-cases to three scalars in 6 bytes, and no
    /// mapping in Unicode grows a character by a larger factor than 3.
    public static let maximumGrowthFactor = 3
}
