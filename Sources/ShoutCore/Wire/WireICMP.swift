/// An ICMP or ICMPv6 error about a TCP segment or UDP datagram: what went wrong, and the packet it is about (the
/// error quotes its headers).
public struct WireICMP: Sendable, Equatable {
    /// What the error says, in words: `port unreachable`, `host unreachable`, `time exceeded`, …
    public var message: String
    /// The transport of the packet it is about.
    public var transport: Transport
    /// The sender of the packet it is about.
    public var source: Endpoint
    /// The receiver of the packet it is about.
    public var destination: Endpoint

    public init(message: String, transport: Transport, source: Endpoint, destination: Endpoint) {
        self.message = message
        self.transport = transport
        self.source = source
        self.destination = destination
    }

    /// Reads an ICMP (`version` 4) or ICMPv6 (6) message; nil unless it is an error that quotes a TCP or UDP packet.
    static func parse(_ bytes: UnsafeRawBufferPointer, version: Int) -> WireICMP? {
        guard bytes.count >= 8, let message = message(type: bytes[0], code: bytes[1], version: version) else {
            return nil
        }
        let quoted = UnsafeRawBufferPointer(rebasing: bytes[8...])
        guard let ip = IPHeader(quoted), ip.version == version, ip.protocolNumber == 6 || ip.protocolNumber == 17,
            quoted.count >= ip.headerLength + 4
        else { return nil }
        let ports = UnsafeRawBufferPointer(rebasing: quoted[ip.headerLength...])
        return WireICMP(
            message: message,
            transport: ip.protocolNumber == 6 ? .tcp : .udp,
            source: Endpoint(host: ip.source, port: Int(ports.loadBigEndian16(at: 0))),
            destination: Endpoint(host: ip.destination, port: Int(ports.loadBigEndian16(at: 2)))
        )
    }

    /// The words for an error's type and code; nil for a message that is not an error (echo, neighbour discovery).
    static func message(type: UInt8, code: UInt8, version: Int) -> String? {
        if version == 4 {
            switch (type, code) {
            case (3, 0): return "network unreachable"
            case (3, 1): return "host unreachable"
            case (3, 2): return "protocol unreachable"
            case (3, 3): return "port unreachable"
            case (3, 4): return "fragmentation needed"
            case (3, 9), (3, 10), (3, 13): return "administratively prohibited"
            case (3, _): return "destination unreachable (code \(code))"
            case (11, _): return "time exceeded"
            case (12, _): return "parameter problem"
            default: return nil
            }
        }
        switch (type, code) {
        case (1, 0): return "no route to destination"
        case (1, 1): return "administratively prohibited"
        case (1, 3): return "address unreachable"
        case (1, 4): return "port unreachable"
        case (1, _): return "destination unreachable (code \(code))"
        case (2, _): return "packet too big"
        case (3, _): return "time exceeded"
        case (4, _): return "parameter problem"
        default: return nil
        }
    }
}

/// Numeric IP addresses as people read them: `10.0.0.1`, and IPv6 in its short form (RFC 5952: lower case, the
/// longest run of two or more zero groups as `::`).
public enum IPAddressText {
    /// The text of a 4- or 16-byte address.
    public static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        if bytes.count == 4 { return bytes.map { String($0) }.joined(separator: ".") }
        let groups = (0..<bytes.count / 2).map { bytes.loadBigEndian16(at: $0 * 2) }
        var best: Range<Int>?
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < groups.count, groups[end] == 0 { end += 1 }
            if end - index >= 2, end - index > (best?.count ?? 0) { best = index..<end }
            index = end
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard let best else { return hex(0..<groups.count) }
        return hex(0..<best.lowerBound) + "::" + hex(best.upperBound..<groups.count)
    }

    /// The text of an address given as an array of bytes.
    public static func text(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { text($0) }
    }
}
