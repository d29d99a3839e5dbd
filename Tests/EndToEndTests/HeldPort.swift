import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback port the test holds for its whole length, so that no other test or program can take it meanwhile: the
/// kernel picks it (port 0) and it stays bound until the test ends. A TCP socket bound and not listening refuses
/// every connection; a UDP socket that is never read answers nothing; a listening TCP socket makes the port taken.
enum HeldPort {
    /// What the held socket does.
    enum Kind {
        /// TCP, bound but not listening: a connection to it is refused.
        case refusingTCP
        /// TCP, listening but never accepting: the port is taken for a server.
        case listeningTCP
        /// UDP, bound and never read: a datagram to it gets no reply.
        case silentUDP
    }

    /// Runs `body` with the port of a socket of `kind` on 127.0.0.1, held until `body` returns.
    static func with<Result>(_ kind: Kind, _ body: (Int) async throws -> Result) async throws -> Result {
        let type = kind == .silentUDP ? SOCK_DGRAM : SOCK_STREAM
        let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("cannot open a socket to hold a port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0, kind != .listeningTCP || listen(descriptor, 1) == 0 else {
            throw TestFailure("cannot hold a port: \(String(cString: strerror(errno)))")
        }
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }
}
