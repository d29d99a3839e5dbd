import Glibc
import NIOCore
import ShoutSockets

/// A listening socket of the server's own loops (``DatagramLoop``, ``StreamLoop``): the same address rules as NIO's
/// bootstraps (the host resolved the same way, a dual-stack socket for `::`), the same sentences when binding fails.
struct ServerSocket {
    /// UDP or TCP.
    enum Kind {
        /// A blocking UDP socket.
        case datagram
        /// A non-blocking listening TCP socket: `SO_REUSEADDR`, `TCP_NODELAY` (which the sockets it accepts
        /// inherit), and as deep an accept queue as the system allows.
        case stream
    }

    /// The file descriptor; the loop closes it when it stops.
    let descriptor: Int32
    /// The port the kernel bound (the chosen one, when asked for port 0).
    let port: Int

    /// The accept queue asked for; the system caps it at `somaxconn`, so a class connecting at once is never refused.
    static let backlog: Int32 = 4096

    /// Opens a socket bound to `host` and `port`; throws a ``NetworkError`` a user can read.
    static func bind(_ kind: Kind, host: String, port: Int) throws -> ServerSocket {
        let transport = kind == .datagram ? "udp" : "tcp"
        func failure(_ operation: String, _ code: Int32) -> NetworkError {
            NetworkError.binding(
                IOError(errnoCode: code, reason: operation),
                host: host,
                port: port,
                transport: transport
            )
        }
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw NetworkError.binding(error, host: host, port: port, transport: transport)
        }
        let type =
            kind == .datagram
            ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let descriptor = socket(Int32(address.protocol.rawValue), type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw failure("socket", errno) }
        if kind == .stream {
            var on: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = address.withSockAddr { pointer, length in Glibc.bind(descriptor, pointer, socklen_t(length)) }
        guard bound == 0, kind == .datagram || listen(descriptor, backlog) == 0 else {
            let code = errno
            close(descriptor)
            throw failure("bind", code)
        }
        return ServerSocket(descriptor: descriptor, port: LocalSocketAddress.port(of: descriptor) ?? port)
    }
}
