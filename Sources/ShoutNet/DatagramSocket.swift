import Glibc
import NIOCore

/// A UDP socket of the server's own, bound and blocking, for ``DatagramLoop``: the same address rules as NIO's
/// bootstrap (the host resolved the same way, a dual-stack socket for `::`), the same sentences when binding fails.
struct DatagramSocket {
    /// The file descriptor; ``DatagramLoop`` closes it when it stops.
    let descriptor: Int32
    /// The port the kernel bound (the chosen one, when asked for port 0).
    let port: Int

    /// Opens a socket bound to `host` and `port`; throws a ``ShoutNetError`` a user can read.
    static func bind(host: String, port: Int) throws -> DatagramSocket {
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw ShoutNetError.binding(error, host: host, port: port, transport: "udp")
        }
        let descriptor = socket(
            Int32(address.protocol.rawValue),
            Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard descriptor >= 0 else {
            throw ShoutNetError.binding(
                IOError(errnoCode: errno, reason: "socket"),
                host: host,
                port: port,
                transport: "udp"
            )
        }
        let bound = address.withSockAddr { pointer, length in Glibc.bind(descriptor, pointer, socklen_t(length)) }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw ShoutNetError.binding(
                IOError(errnoCode: code, reason: "bind"),
                host: host,
                port: port,
                transport: "udp"
            )
        }
        var local = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &local) { storage in
            storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        let boundPort = named == 0 ? withUnsafePointer(to: &local) { ReceivedAddress(storage: $0).sourcePort } : port
        return DatagramSocket(descriptor: descriptor, port: boundPort)
    }
}
