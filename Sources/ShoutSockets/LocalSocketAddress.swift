import Glibc

/// The address a socket of one's own is bound to (`getsockname`).
package enum LocalSocketAddress {
    /// The address `descriptor` is bound to, or nil when the kernel will not say.
    package static func of(_ descriptor: Int32) -> sockaddr_storage? {
        var local = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &local) { storage in
            storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return named == 0 ? local : nil
    }

    /// The port `descriptor` is bound to.
    package static func port(of descriptor: Int32) -> Int? {
        of(descriptor).map { address in
            withUnsafePointer(to: address) { ReceivedAddress(storage: $0).sourcePort }
        }
    }
}
