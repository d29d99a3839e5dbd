import NIOCore
import ShoutCore

extension SocketAddress {
    /// The address as a person reads it, with IPv4-mapped IPv6 addresses (`::ffff:10.0.0.5`) shown as IPv4.
    package var endpoint: Endpoint {
        var host = ipAddress ?? "?"
        if host.hasPrefix("::ffff:") || host.hasPrefix("::FFFF:"), host.contains(where: { $0 == "." }) {
            host = String(host.dropFirst(7))
        }
        return Endpoint(host: host, port: port ?? 0)
    }
}
