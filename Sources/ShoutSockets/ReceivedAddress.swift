import Glibc
import ShoutCore

/// A sender's address as `recvmmsg` wrote it, read in place: nothing is copied or formatted until asked.
package struct ReceivedAddress {
    /// The address, in memory the caller keeps alive while this is used.
    package let storage: UnsafePointer<sockaddr_storage>

    /// Reads the address at `storage`.
    package init(storage: UnsafePointer<sockaddr_storage>) { self.storage = storage }

    /// The port (0 when the family has none).
    package var sourcePort: Int {
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

    /// The address without its port, as a key.
    package var sourceAddress: SourceAddress {
        storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { SourceAddress($0) }
    }

    /// The address and port as a person reads them, an IPv4-mapped IPv6 address shown as IPv4.
    package var sourceEndpoint: Endpoint { Endpoint(host: Self.hostText(storage), port: sourcePort) }

    /// The address in the usual text form (inet_ntop), with an IPv4-mapped IPv6 address as its IPv4 part.
    package static func hostText(_ storage: UnsafePointer<sockaddr_storage>) -> String {
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
