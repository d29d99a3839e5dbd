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

    /// The sockets, TCP then UDP, IPv4 then IPv6.
    let sockets: [Bound]
    /// The port.
    let port: Int

    private init(sockets: [Bound], port: Int) {
        self.sockets = sockets
        self.port = port
    }

    /// Binds `port` (0: one the kernel picks, the same for every socket) on both loopback addresses.
    static func open(port: Int) throws(ClientCheckError) -> LabSockets {
        // TCP first: its ports are the busy ones (every connection holds one), so a port the kernel picks for a TCP
        // listener is the likeliest to be free for the rest. One taken for the rest all the same: pick again.
        guard port == 0 else { return try openOnce(port: port) }
        var failure = ClientCheckError("Cannot find a free port on the loopback addresses; name one with --port.")
        for _ in 0..<32 {
            do { return try openOnce(port: 0) } catch { failure = error }
        }
        throw failure
    }

    private static func openOnce(port: Int) throws(ClientCheckError) -> LabSockets {
        var bound: [Bound] = []
        var chosen = port
        do {
            for isTCP in [true, false] {
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
