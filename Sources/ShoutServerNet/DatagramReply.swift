import NIOCore
import ShoutCore

/// The reply to one datagram: its bytes upper-cased, at most one datagram long.
enum DatagramReply {
    /// The largest payload one UDP datagram can carry over IPv4.
    static let maximumPayload = 65_507

    /// The upper-cased bytes of a request that holds bytes of 0x80 or above (the Unicode path), cut at a character
    /// boundary if upper-casing made them longer than one datagram can be.
    static func unicodeReply<Bytes: Collection>(to request: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var bytes = Uppercasing.uppercased(request)
        if bytes.count > maximumPayload {
            bytes.removeSubrange(UTF8Sequence.characterBoundary(in: bytes, atMost: maximumPayload)...)
        }
        return bytes
    }

    /// Upper-cases a datagram where it lies, for a loop that sends the reply from the buffer it read into. Returns
    /// the reply's length; `room` (at least ``maximumPayload``) is how many bytes the buffer has.
    ///
    /// ASCII is upper-cased in place. Where the request holds other bytes, the ASCII before them may already have
    /// been upper-cased in place when that is found: upper-casing ASCII twice changes nothing, so the Unicode path
    /// reads the same text either way.
    static func uppercaseInPlace(_ buffer: UnsafeMutableRawPointer, length: Int, room: Int) -> Int {
        let request = UnsafeRawBufferPointer(start: buffer, count: length)
        let destination = UnsafeMutableRawBufferPointer(start: buffer, count: length)
        if Uppercasing.copyUppercasingASCII(from: request, to: destination) { return length }
        let reply = unicodeReply(to: request)
        precondition(reply.count <= room, "a datagram's reply is cut to one datagram")
        reply.withUnsafeBytes { bytes in
            if let start = bytes.baseAddress { buffer.copyMemory(from: start, byteCount: bytes.count) }
        }
        return reply.count
    }
}
