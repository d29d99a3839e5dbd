import NIOCore
import ShoutCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks up every address of a host name with the system resolver (blocking; call it off the event loop).
package enum HostResolver {
    /// All addresses of `host`, in the resolver's order; throws host-not-found when there is none.
    static func addresses(of host: String, port: Int, transport: Transport) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(transport == .udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = transport == .udp ? SOCK_DGRAM : SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw NetworkError.hostNotFound(host)
        }
        defer { freeaddrinfo(first) }
        var result: [SocketAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let address = current.pointee.ai_addr {
                switch current.pointee.ai_family {
                case AF_INET:
                    let v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                    result.append(SocketAddress(v4, host: host))
                case AF_INET6:
                    let v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
                    result.append(SocketAddress(v6, host: host))
                default: break
                }
            }
            node = current.pointee.ai_next
        }
        guard !result.isEmpty else { throw NetworkError.hostNotFound(host) }
        return result
    }

    /// Resolves a host name or address. IPv4 comes first, as the textbook client (AF_INET) would use it, so that
    /// `localhost` reaches a server that listens on IPv4 only.
    package static func resolve(
        _ server: Endpoint,
        transport: Transport,
        group: any EventLoopGroup
    ) async throws
        -> SocketAddress
    {
        if let numeric = try? SocketAddress(ipAddress: server.host, port: server.port) { return numeric }
        let addresses = try await group.next().makeFutureWithTask {
            try Self.addresses(of: server.host, port: server.port, transport: transport)
        }.get()
        guard let first = addresses.first(where: { $0.protocol == .inet }) ?? addresses.first else {
            throw NetworkError.hostNotFound(server.host)
        }
        return first
    }
}
