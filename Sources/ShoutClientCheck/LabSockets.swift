#if canImport(Glibc)
import Glibc
#endif

/// The grader's sockets: UDP and a TCP listener on 127.0.0.1 and on ::1 (when the machine has IPv6), one port, all
/// non-blocking and closed on exec, so the client programs inherit none. Held for the whole grading.
final class LabSockets {
    /// One socket and what it is.
    struct Bound {
        var descriptor: Int32
        var isTCP: Bool
    }

    /// The sockets, UDP then TCP, IPv4 then IPv6.
    let sockets: [Bound]
    /// The port.
    let port: Int

    private init(sockets: [Bound], port: Int) {
        self.sockets = sockets
        self.port = port
    }

    /// Binds `port` (0: one the kernel picks, the same for every socket) on both loopback addresses.
    static func open(port: Int) throws(ClientCheckError) -> LabSockets {
        // A port the kernel picked for UDP may be taken for TCP: pick again, a few times.
        guard port == 0 else { return try openOnce(port: 0 + port) }
        var failure = ClientCheckError("Cannot find a free port on the loopback addresses; name one with --port.")
        for _ in 0..<8 {
            do { return try openOnce(port: 0) } catch { failure = error }
        }
        throw failure
    }

    private static func openOnce(port: Int) throws(ClientCheckError) -> LabSockets {
        var bound: [Bound] = []
        var chosen = port
        do {
            for isTCP in [false, true] {
                for ipv6 in [false, true] {
                    guard let descriptor = try bind(isTCP: isTCP, ipv6: ipv6, port: &chosen) else { continue }
                    bound.append(Bound(descriptor: descriptor, isTCP: isTCP))
                }
            }
        } catch {
            for socket in bound { close(socket.descriptor) }
            throw error
        }
        return LabSockets(sockets: bound, port: chosen)
    }

    /// One socket bound; nil for IPv6 on a machine without it. A port of 0 becomes the one the kernel picked.
    private static func bind(isTCP: Bool, ipv6: Bool, port: inout Int) throws(ClientCheckError) -> Int32? {
        let type =
            Int32((isTCP ? SOCK_STREAM : SOCK_DGRAM).rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(ipv6 ? AF_INET6 : AF_INET, type, 0)
        guard descriptor >= 0 else {
            if ipv6 && (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL) { return nil }
            throw .system("open a socket")
        }
        var one: Int32 = 1
        if isTCP { setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) }
        if ipv6 { setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size)) }
        var storage = sockaddr_storage()
        let length = SocketAddressBytes.loopback(ipv6: ipv6, port: port, into: &storage)
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) }
        }
        if result != 0 {
            let code = errno
            close(descriptor)
            if ipv6 && (code == EADDRNOTAVAIL || code == EAFNOSUPPORT) { return nil }
            if code == EADDRINUSE { throw .portInUse(port, isTCP ? "tcp" : "udp") }
            if code == EACCES { throw ClientCheckError("Port \(port) needs more privileges; try --port above 1023.") }
            throw .system("bind port \(port)", code)
        }
        if isTCP && listen(descriptor, 16) != 0 {
            close(descriptor)
            throw .system("listen on port \(port)")
        }
        if port == 0 { port = SocketAddressBytes.localPort(descriptor) }
        return descriptor
    }

    /// Drops what a client left behind: datagrams not yet read, connections not yet accepted.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 2048)
        for socket in sockets {
            if socket.isTCP {
                while case let client = accept(socket.descriptor, nil, nil), client >= 0 {
                    close(client)
                }
            } else {
                while recv(socket.descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT)) >= 0 {}
            }
        }
    }

    deinit {
        for socket in sockets { close(socket.descriptor) }
    }
}

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
