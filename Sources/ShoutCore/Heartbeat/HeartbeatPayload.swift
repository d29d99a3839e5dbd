import FoundationEssentials

/// A UDP Pinger lab payload, parsed: `Ping <seq> <time>` (the lab's client, `shout ping`) or
/// `Heartbeat <seq> <time>` (the lab's optional Heartbeat client). The first word is taken in any case; the time is
/// optional and is read when it is a number of seconds since the epoch (as Python's `time.time()` gives it), or of
/// milliseconds, microseconds or nanoseconds since the epoch; anything after it is ignored (`--size` padding).
public struct HeartbeatPayload: Sendable, Equatable {
    /// Which word it starts with.
    public enum Kind: String, Sendable, Equatable {
        case ping = "Ping"
        case heartbeat = "Heartbeat"
    }

    /// Which word it starts with.
    public var kind: Kind
    /// The sequence number.
    public var seq: Int
    /// When the peer says it sent it, when the time field parses.
    public var sentAt: Date?

    public init(kind: Kind, seq: Int, sentAt: Date? = nil) {
        self.kind = kind
        self.seq = seq
        self.sentAt = sentAt
    }

    /// The payload parsed, or nil when it is not such a line.
    public static func parse<Bytes: Collection>(_ bytes: Bytes) -> HeartbeatPayload? where Bytes.Element == UInt8 {
        // Most datagrams are not lab lines: one byte tells (`P`ing or `H`eartbeat, in any case).
        guard let first = bytes.first, first | 0x20 == UInt8(ascii: "p") || first | 0x20 == UInt8(ascii: "h") else {
            return nil
        }
        // The longest line worth reading: the word, a sequence number, a time; padding after it is ignored.
        let head = Array(bytes.prefix(96))
        let fields = head.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return nil }
        let word = String(decoding: fields[0], as: UTF8.self).lowercased()
        let kind: Kind
        switch word {
        case "ping": kind = .ping
        case "heartbeat": kind = .heartbeat
        default: return nil
        }
        let digits = fields[1].trimmingLineEnd
        guard (1...15).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }),
            let seq = Int(String(decoding: digits, as: UTF8.self))
        else { return nil }
        let sentAt = fields.count >= 3 ? time(fields[2].trimmingLineEnd) : nil
        return HeartbeatPayload(kind: kind, seq: seq, sentAt: sentAt)
    }

    /// A time since the epoch, in whichever unit its size says: seconds (10 digits before the point, as now),
    /// milliseconds (13), microseconds (16) or nanoseconds (19).
    static func time(_ bytes: ArraySlice<UInt8>) -> Date? {
        guard bytes.count <= 32, bytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ".") }),
            let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite
        else { return nil }
        let seconds: Double
        switch value {
        case 1e8..<1e11: seconds = value
        case 1e11..<1e14: seconds = value / 1e3
        case 1e14..<1e17: seconds = value / 1e6
        case 1e17..<1e20: seconds = value / 1e9
        default: return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }
}

extension ArraySlice where Element == UInt8 {
    /// The bytes without a trailing `\n` or `\r\n` (a line sent with its line end).
    fileprivate var trimmingLineEnd: ArraySlice<UInt8> {
        var slice = self
        while let last = slice.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { slice.removeLast() }
        return slice
    }
}
