import NIOCore
import NIOPosix

/// The addresses students can type to reach this server: every local interface address the listening socket
/// covers, most useful first and loopback last.
public enum LocalAddresses {
    /// The addresses for a server bound to `host` (nil, `::` or `0.0.0.0`: every interface). A specific host is
    /// shown as it is. IPv6 addresses are listed only when the socket is IPv6 (dual-stack); link-local IPv6
    /// addresses (`fe80::…`) are left out, since they need an interface name to be of any use.
    public static func reachable(boundTo host: String?) -> [String] {
        if let host, host != "::", host != "0.0.0.0" { return [host] }
        let includeIPv6 = host != "0.0.0.0"
        let devices = (try? System.enumerateDevices()) ?? []
        return order(devices.compactMap { $0.address?.ipAddress }, includeIPv6: includeIPv6)
    }

    /// `addresses` without duplicates or link-local IPv6, in showing order: IPv4, then IPv6, then loopback.
    public static func order(_ addresses: [String], includeIPv6: Bool) -> [String] {
        var seen = Set<String>()
        var ipv4: [String] = []
        var ipv6: [String] = []
        var loopback: [String] = []
        for address in addresses where seen.insert(address).inserted {
            let isIPv6 = address.contains(":")
            if isIPv6 && !includeIPv6 { continue }
            if isIPv6 && address.lowercased().hasPrefix("fe80:") { continue }
            if address == "::1" || address.hasPrefix("127.") {
                loopback.append(address)
            } else if isIPv6 {
                ipv6.append(address)
            } else {
                ipv4.append(address)
            }
        }
        // 127.0.0.1 before ::1: the textbook programs use IPv4.
        loopback.sort { !$0.contains(":") && $1.contains(":") }
        return ipv4 + ipv6 + loopback
    }
}
