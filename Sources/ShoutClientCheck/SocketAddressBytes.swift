#if canImport(Glibc)
import Glibc
#endif

/// Socket addresses as bytes, with no library between: the loopback addresses and a socket's own port.
enum SocketAddressBytes {
    /// Writes 127.0.0.1 or ::1 with `port` into `storage`; returns its length.
    static func loopback(ipv6: Bool, port: Int, into storage: inout sockaddr_storage) -> socklen_t {
        withUnsafeMutablePointer(to: &storage) { pointer in
            if ipv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    address.pointee.sin6_port = UInt16(port).bigEndian
                    address.pointee.sin6_addr = in6addr_loopback
                    return socklen_t(MemoryLayout<sockaddr_in6>.size)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                address.pointee.sin_family = sa_family_t(AF_INET)
                address.pointee.sin_port = UInt16(port).bigEndian
                address.pointee.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                return socklen_t(MemoryLayout<sockaddr_in>.size)
            }
        }
    }

    /// The local port of a bound socket.
    static func localPort(_ descriptor: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }
}
