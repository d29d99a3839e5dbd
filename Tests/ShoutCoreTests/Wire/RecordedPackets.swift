@testable import ShoutCore

/// Packets recorded from a packet socket (AF_PACKET, SOCK_DGRAM: the network header first) on loopback, the
/// server on port 23470 (`shout server --tcp`, so UDP to it draws ICMP port unreachable).
enum RecordedPackets {
    /// The textbook TCP client over IPv4 from port 46572: "hello" and its reply, both FINs.
    static let tcp4 = [
        "4500003c666940004006d6507f0000017f000001b5ec5baeffcf82da00000000a002ffd7fe3000000204ffd70402080a1b2bb3fb"
            + "000000000103030a",
        "4500003c0000400040063cba7f0000017f0000015baeb5ecfedc6c68ffcf82dba012ffcbfe3000000204ffd70402080a64b59c8f"
            + "1b2bb3fb0103030a",
        "45000034666a40004006d6577f0000017f000001b5ec5baeffcf82dbfedc6c6980100040fe2800000101080a1b2bb3fb64b59c8f",
        "45000039666b40004006d6517f0000017f000001b5ec5baeffcf82dbfedc6c6980180040fe2d00000101080a1b2bb3fb64b59c8f"
            + "68656c6c6f",
        "45000034c1ca400040067af77f0000017f0000015baeb5ecfedc6c69ffcf82e080100040fe2800000101080a64b59c8f1b2bb3fb",
        "45000039c1cb400040067af17f0000017f0000015baeb5ecfedc6c69ffcf82e080180040fe2d00000101080a64b59c901b2bb3fb"
            + "48454c4c4f",
        "45000034666c40004006d6557f0000017f000001b5ec5baeffcf82e0fedc6c6e80100040fe2800000101080a1b2bb3fc64b59c90",
        "45000034666d40004006d6547f0000017f000001b5ec5baeffcf82e0fedc6c6e80110040fe2800000101080a1b2bb3fc64b59c90",
        "45000034c1cc400040067af57f0000017f0000015baeb5ecfedc6c6effcf82e180110040fe2800000101080a64b59c941b2bb3fc",
        "45000034666e40004006d6537f0000017f000001b5ec5baeffcf82e1fedc6c6f80100040fe2800000101080a1b2bb40064b59c94",
    ].map(bytes)

    /// A UDP datagram "hi" from 127.0.0.1:51253 to the port, and the ICMP port unreachable it drew.
    static let udp4 = bytes("4500001ee77c4000401155507f0000017f000001c8355bae000afe1d6869")
    static let icmp4 = bytes(
        "45c0003a95a000004001e6607f0000017f00000103037287000000004500001ee77c4000401155507f0000017f000001c8355bae"
            + "000afe1d6869"
    )

    /// The textbook TCP client over IPv6 from [::1]:42950: its SYN and "hey".
    static let tcp6Syn = bytes(
        "600a24eb002806400000000000000000000000000000000100000000000000000000000000000001a7c65bae3bd2481500000000"
            + "a002ffc4003000000204ffc40402080ae70105f8000000000103030a"
    )

    /// A UDP datagram "hi6" from [::1]:53970, and the ICMPv6 port unreachable it drew.
    static let udp6 = bytes(
        "600e050d000b11400000000000000000000000000000000100000000000000000000000000000001d2d25bae000b001e686936"
    )
    static let icmp6 = bytes(
        "600c7436003b3a4000000000000000000000000000000001000000000000000000000000000000010104bb080000000060"
            + "0e050d000b11400000000000000000000000000000000100000000000000000000000000000001d2d25bae000b001e686936"
    )

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }
}

/// The packet in `bytes`, or a failure of the test.
func parsed(_ bytes: [UInt8]) throws -> WirePacket {
    guard let packet = WirePacket.parse(bytes) else { throw TestFailure("not a packet: \(bytes)") }
    return packet
}
