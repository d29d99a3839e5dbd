/// One IP packet as the wire carried it, read from its IP header on: TCP, UDP, or an ICMP/ICMPv6 error about one.
///
/// Parsing is pure: the capture hands it the bytes a packet socket copied up (the network header first), which may be
/// cut short of the whole packet (the kernel filter's snap length); sizes come from the headers, not from how many
/// bytes arrived, and the payload kept is what arrived, at most ``previewLimit`` bytes.
public struct WirePacket: Sendable, Equatable {
    /// How many payload bytes a packet keeps for display.
    public static let previewLimit = 96

    /// The sender.
    public var source: Endpoint
    /// The receiver.
    public var destination: Endpoint
    /// What the packet carries.
    public var content: Content

    /// What a packet carries.
    public enum Content: Sendable, Equatable {
        case tcp(TCPHeader)
        case udp(Payload)
        /// An ICMP or ICMPv6 error; `source` and `destination` are then the ICMP message's own (ports 0).
        case icmp(WireICMP)
    }

    /// The fields of a TCP header that a student reads, with the payload.
    public struct TCPHeader: Sendable, Equatable {
        /// The raw sequence number.
        public var sequence: UInt32
        /// The raw acknowledgement number (meaningful only with ``TCPFlags/ack``).
        public var acknowledgement: UInt32
        public var flags: TCPFlags
        /// The window as sent (not scaled: the scale is agreed in the SYNs' options).
        public var window: Int
        public var payload: Payload
        /// The window scale a SYN offers (its option's shift count); nil when it offers none, or not a SYN.
        public var windowScale: Int?

        public init(
            sequence: UInt32,
            acknowledgement: UInt32,
            flags: TCPFlags,
            window: Int,
            payload: Payload,
            windowScale: Int? = nil
        ) {
            self.sequence = sequence
            self.acknowledgement = acknowledgement
            self.flags = flags
            self.window = window
            self.payload = payload
            self.windowScale = windowScale
        }

        /// How much sequence space the segment takes: its payload, and one each for SYN and FIN.
        public var sequenceLength: Int {
            payload.size + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
        }
    }

    public init(source: Endpoint, destination: Endpoint, content: Content) {
        self.source = source
        self.destination = destination
        self.content = content
    }

    /// Whether `bytes` hold a TCP segment (which the capture reads whole even when it samples the rest: the
    /// relative numbers and retransmissions need every one).
    public static func isTCP(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first else { return false }
        switch first >> 4 {
        case 4: return bytes.count > 9 && bytes[9] == 6
        case 6: return bytes.count > 6 && bytes[6] == 6
        default: return false
        }
    }

    /// Reads a packet; nil for anything that is not IPv4 or IPv6 carrying TCP, UDP or an ICMP error about TCP or UDP
    /// (or too short to say).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> WirePacket? {
        guard let ip = IPHeader(bytes) else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: bytes[ip.headerLength...])
        switch ip.protocolNumber {
        case 6, 17:
            guard let transport = transport(ip.protocolNumber, body, length: ip.bodyLength) else { return nil }
            return WirePacket(
                source: Endpoint(host: ip.source, port: transport.sourcePort),
                destination: Endpoint(host: ip.destination, port: transport.destinationPort),
                content: transport.content
            )
        case 1 where ip.version == 4, 58 where ip.version == 6:
            guard let icmp = WireICMP.parse(body, version: ip.version) else { return nil }
            return WirePacket(
                source: Endpoint(host: ip.source, port: 0),
                destination: Endpoint(host: ip.destination, port: 0),
                content: .icmp(icmp)
            )
        default:
            return nil
        }
    }

    /// Parses `bytes` (for tests and callers holding an array).
    public static func parse(_ bytes: [UInt8]) -> WirePacket? {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// A TCP or UDP header and its payload; `length` is the transport's whole length by the IP header.
    static func transport(
        _ protocolNumber: UInt8,
        _ bytes: UnsafeRawBufferPointer,
        length: Int
    ) -> (sourcePort: Int, destinationPort: Int, content: Content)? {
        guard bytes.count >= 8 else { return nil }
        let sourcePort = Int(bytes.loadBigEndian16(at: 0))
        let destinationPort = Int(bytes.loadBigEndian16(at: 2))
        if protocolNumber == 17 {
            let size = max(0, min(Int(bytes.loadBigEndian16(at: 4)), length) - 8)
            let preview = bytes[8..<min(bytes.count, 8 + min(size, previewLimit))]
            return (sourcePort, destinationPort, .udp(Payload(size: size, preview: preview)))
        }
        guard bytes.count >= 16 else { return nil }
        let headerLength = Int(bytes[12] >> 4) * 4
        guard headerLength >= 20 else { return nil }
        let size = max(0, length - headerLength)
        let start = min(bytes.count, headerLength)
        let preview = bytes[start..<min(bytes.count, start + min(size, previewLimit))]
        let header = TCPHeader(
            sequence: bytes.loadBigEndian32(at: 4),
            acknowledgement: bytes.count >= 12 ? bytes.loadBigEndian32(at: 8) : 0,
            flags: TCPFlags(rawValue: bytes[13]),
            window: bytes.count >= 16 ? Int(bytes.loadBigEndian16(at: 14)) : 0,
            payload: Payload(size: size, preview: preview),
            windowScale: bytes[13] & 0x02 != 0
                ? windowScale(
                    in: UnsafeRawBufferPointer(
                        rebasing: bytes[min(bytes.count, 20)..<min(bytes.count, max(20, headerLength))]
                    )
                )
                : nil
        )
        return (sourcePort, destinationPort, .tcp(header))
    }

    /// The shift count of the window scale option among a SYN's `options`, if it has one.
    static func windowScale(in options: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        while index < options.count {
            let kind = options[index]
            if kind == 0 { return nil }
            if kind == 1 {
                index += 1
                continue
            }
            guard index + 1 < options.count else { return nil }
            let length = Int(options[index + 1])
            guard length >= 2 else { return nil }
            if kind == 3, length == 3, index + 2 < options.count { return min(14, Int(options[index + 2])) }
            index += length
        }
        return nil
    }
}

/// The TCP flags, by their bits in the header.
public struct TCPFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
    public static let urg = TCPFlags(rawValue: 0x20)

    /// The flags in words a student reads, as Wireshark orders them: `SYN`, `SYN-ACK`, `PSH-ACK`, `FIN-ACK`,
    /// `RST-ACK`; `none` for a segment with no flag at all.
    public var words: String {
        let names: [(TCPFlags, String)] = [
            (.syn, "SYN"), (.fin, "FIN"), (.rst, "RST"), (.psh, "PSH"), (.urg, "URG"), (.ack, "ACK"),
        ]
        let present = names.filter { contains($0.0) }.map(\.1)
        return present.isEmpty ? "none" : present.joined(separator: "-")
    }
}

extension Payload {
    /// A payload of `size` bytes of which `preview` arrived.
    init(size: Int, preview: Slice<UnsafeRawBufferPointer>) {
        self.init(Array(preview))
        self.size = max(size, self.preview.count)
    }
}

/// The fields of an IPv4 or IPv6 header the capture needs.
struct IPHeader {
    var version: Int
    var headerLength: Int
    /// The transport's length by the header (what follows the IP header, whether or not it all arrived).
    var bodyLength: Int
    var protocolNumber: UInt8
    var source: String
    var destination: String

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return nil }
        switch first >> 4 {
        case 4:
            let headerLength = Int(first & 0x0F) * 4
            guard headerLength >= 20, bytes.count >= headerLength else { return nil }
            // A later fragment carries no transport header.
            guard bytes.loadBigEndian16(at: 6) & 0x1FFF == 0 else { return nil }
            version = 4
            self.headerLength = headerLength
            bodyLength = max(0, Int(bytes.loadBigEndian16(at: 2)) - headerLength)
            protocolNumber = bytes[9]
            source = IPAddressText.text(UnsafeRawBufferPointer(rebasing: bytes[12..<16]))
            destination = IPAddressText.text(UnsafeRawBufferPointer(rebasing: bytes[16..<20]))
        case 6:
            guard bytes.count >= 40 else { return nil }
            version = 6
            headerLength = 40
            bodyLength = Int(bytes.loadBigEndian16(at: 4))
            protocolNumber = bytes[6]
            source = IPAddressText.text(UnsafeRawBufferPointer(rebasing: bytes[8..<24]))
            destination = IPAddressText.text(UnsafeRawBufferPointer(rebasing: bytes[24..<40]))
        default:
            return nil
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The big-endian 16-bit number at `offset`.
    func loadBigEndian16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    /// The big-endian 32-bit number at `offset`.
    func loadBigEndian32(at offset: Int) -> UInt32 {
        UInt32(loadBigEndian16(at: offset)) << 16 | UInt32(loadBigEndian16(at: offset + 2))
    }
}
