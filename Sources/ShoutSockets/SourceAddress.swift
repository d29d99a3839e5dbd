import Glibc

/// A sender's address without its port, as 16 bytes (an IPv4 address as its IPv4-mapped IPv6 form, so one sender
/// reads the same on a dual-stack socket and an IPv4 one): a key made without formatting anything.
package struct SourceAddress: Hashable, Sendable {
    package var high: UInt64 = 0
    package var low: UInt64 = 0

    /// The key of `address` (an IPv4 or IPv6 socket address; any other family is all zeros).
    package init(_ address: UnsafePointer<sockaddr>) {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            // The last eight bytes of ::ffff:a.b.c.d in memory order: 00 00 ff ff, then the address as it came.
            // Computed, not loaded from a local tuple's bytes: under -O that load read zeros, so every IPv4 sender
            // had the same key and --rate-limit limited them all as one (the release binary only).
            let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            let prefix = UInt64(UInt32(0x0000_FFFF).bigEndian)
            #if _endian(little)
            low = prefix | UInt64(ipv4) << 32
            #else
            low = prefix << 32 | UInt64(ipv4)
            #endif
        case AF_INET6:
            // Read in place from the address's bytes, not from a local copy's.
            let raw = UnsafeRawPointer(address)
            let offset = MemoryLayout<sockaddr_in6>.offset(of: \sockaddr_in6.sin6_addr) ?? 8
            high = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            low = raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
        default:
            break
        }
    }
}
