import Glibc
import NIOCore
import ShoutCore

/// A datagram's sender as the answering rules need it: the port for every datagram, the address only when a rule or
/// a listed event asks for it (formatting an address is the dearest part of reading one).
protocol DatagramSender {
    /// The source port (0 when the address has none).
    var sourcePort: Int { get }
    /// The source address without the port, as the rate limiter tells senders apart.
    var sourceAddress: SourceAddress { get }
    /// The sender as a person reads it, IPv4-mapped IPv6 addresses shown as IPv4.
    var sourceEndpoint: Endpoint { get }
}

extension SocketAddress: DatagramSender {
    var sourcePort: Int { port ?? 0 }
    var sourceAddress: SourceAddress { withSockAddr { pointer, _ in SourceAddress(pointer) } }
    var sourceEndpoint: Endpoint { endpoint }
}

/// A sender's address without its port, as 16 bytes (an IPv4 address as its IPv4-mapped IPv6 form, so one sender
/// reads the same on a dual-stack socket and an IPv4 one): a key made without formatting anything.
struct SourceAddress: Hashable, Sendable {
    var high: UInt64 = 0
    var low: UInt64 = 0

    init(_ address: UnsafePointer<sockaddr>) {
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

/// A sender's address as `recvmmsg` wrote it, read in place: nothing is copied or formatted until asked.
struct ReceivedAddress: DatagramSender {
    let storage: UnsafePointer<sockaddr_storage>

    var sourcePort: Int {
        switch Int32(storage.pointee.ss_family) {
        case AF_INET:
            storage.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        case AF_INET6:
            storage.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin6_port))
            }
        default: 0
        }
    }

    var sourceAddress: SourceAddress {
        storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { SourceAddress($0) }
    }

    var sourceEndpoint: Endpoint { Endpoint(host: Self.hostText(storage), port: sourcePort) }

    /// The address in the usual text form (inet_ntop), with an IPv4-mapped IPv6 address as its IPv4 part.
    static func hostText(_ storage: UnsafePointer<sockaddr_storage>) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.pointee.ss_family) {
        case AF_INET:
            var address = storage.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return "?" }
        case AF_INET6:
            var address = storage.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            let isMapped = withUnsafeBytes(of: &address) { bytes in
                bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            }
            if isMapped {
                var mapped = withUnsafeBytes(of: &address) { bytes in
                    in_addr(s_addr: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
                }
                guard inet_ntop(AF_INET, &mapped, &text, socklen_t(text.count)) != nil else { return "?" }
            } else {
                guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return "?" }
            }
        default:
            return "?"
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
