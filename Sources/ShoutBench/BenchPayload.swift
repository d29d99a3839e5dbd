import NIOCore
import ShoutCore

#if canImport(Glibc)
import Glibc
#endif

/// Request payloads that carry their own id, so every reply can be matched to its request and checked byte for byte.
///
/// The first ``tagLength`` bytes spell the id in base 26 with lower-case letters (upper-casing keeps it readable);
/// the rest is a pattern of lower-case letters derived from the id.
enum BenchPayload {
    /// Bytes of the id tag at the start of every payload.
    static let tagLength = 8

    /// The request for `id`, `size` bytes long.
    static func request(id: UInt64, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(size, tagLength))
        fill(&bytes, id: id, base: UInt8(ascii: "a"))
        return bytes
    }

    /// The reply expected for `id`: the request upper-cased.
    static func expectedReply(id: UInt64, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(size, tagLength))
        fill(&bytes, id: id, base: UInt8(ascii: "A"))
        return bytes
    }

    /// The id a reply's tag spells, or nil if the tag is not upper-case letters.
    static func id<Bytes: Collection>(ofReply reply: Bytes) -> UInt64? where Bytes.Element == UInt8 {
        guard reply.count >= tagLength else { return nil }
        var id: UInt64 = 0
        for byte in reply.prefix(tagLength) {
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) else { return nil }
            id = id * 26 + UInt64(byte - UInt8(ascii: "A"))
        }
        return id
    }

    /// Whether `reply` is exactly the expected reply to `id`, without building it.
    static func isExpectedReply<Bytes: Collection>(_ reply: Bytes, id: UInt64, size: Int) -> Bool
    where Bytes.Element == UInt8 {
        guard reply.count == max(size, tagLength) else { return false }
        var index = 0
        for byte in reply {
            if byte != expectedByte(at: index, id: id, base: UInt8(ascii: "A")) { return false }
            index += 1
        }
        return true
    }

    private static func fill(_ bytes: inout [UInt8], id: UInt64, base: UInt8) {
        bytes.withUnsafeMutableBytes { fill($0, id: id, base: base) }
    }

    /// Writes the request for `id` (`size` bytes) at the end of `buffer`, with no array in between: the tag, then the
    /// tail copied from ``lowerCycle``.
    static func writeRequest(id: UInt64, size: Int, into buffer: inout ByteBuffer) {
        let count = max(size, tagLength)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { destination in
            var value = id
            for index in stride(from: tagLength - 1, through: 0, by: -1) {
                destination[index] = UInt8(ascii: "a") + UInt8(value % 26)
                value /= 26
            }
            let start = cycleStart(id: id)
            lowerCycle.withUnsafeBytes { cycle in
                UnsafeMutableRawBufferPointer(rebasing: destination[tagLength..<count]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: cycle[start..<start + count - tagLength])
                )
            }
            return count
        }
    }

    /// Whether the bytes are exactly the expected reply to `id`: the tag, then one comparison of the tail with
    /// ``upperCycle``; no allocation.
    static func isExpectedReply(_ reply: UnsafeRawBufferPointer, id: UInt64, size: Int) -> Bool {
        guard reply.count == max(size, tagLength) else { return false }
        var value = id
        for index in stride(from: tagLength - 1, through: 0, by: -1) {
            if reply[index] != UInt8(ascii: "A") + UInt8(value % 26) { return false }
            value /= 26
        }
        let start = cycleStart(id: id)
        let tail = reply.count - tagLength
        return upperCycle.withUnsafeBytes { cycle in
            memcmp(reply.baseAddress! + tagLength, cycle.baseAddress! + start, tail) == 0
        }
    }

    /// The letters `base + (3·j) mod 26` for j = 0, 1, 2, …, long enough for the tail of the largest payload: the
    /// tail of a payload is a slice of it, so writing one is a copy and checking one a comparison.
    private static let lowerCycle = cycle(base: UInt8(ascii: "a"))
    private static let upperCycle = cycle(base: UInt8(ascii: "A"))

    private static func cycle(base: UInt8) -> [UInt8] {
        (0..<(26 + 65_536)).map { base + UInt8((3 * $0) % 26) }
    }

    /// Where in the cycle the tail of `id` starts. The tail's first letter is `(id + 3·tagLength) mod 26`, and
    /// 3·9 = 27 ≡ 1 (mod 26), so it sits at 9 times that, mod 26.
    private static func cycleStart(id: UInt64) -> Int {
        Int((id &+ UInt64(tagLength) &* 3) % 26 * 9 % 26)
    }

    /// Fills a whole buffer with the payload for `id`, letters from `base`.
    private static func fill(_ bytes: UnsafeMutableRawBufferPointer, id: UInt64, base: UInt8) {
        var value = id
        for index in stride(from: min(tagLength, bytes.count) - 1, through: 0, by: -1) {
            bytes[index] = base + UInt8(value % 26)
            value /= 26
        }
        guard bytes.count > tagLength else { return }
        var step = UInt8((id &+ UInt64(tagLength) &* 3) % 26)
        for index in tagLength..<bytes.count {
            bytes[index] = base + step
            step += 3
            if step >= 26 { step -= 26 }
        }
    }

    private static func expectedByte(at index: Int, id: UInt64, base: UInt8) -> UInt8 {
        if index < tagLength {
            var value = id
            for _ in 0..<(tagLength - 1 - index) { value /= 26 }
            return base + UInt8(value % 26)
        }
        return base + UInt8((id &+ UInt64(index) &* 3) % 26)
    }
}
