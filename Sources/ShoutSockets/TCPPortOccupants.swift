import Glibc

/// What holds a TCP port on this machine, read from the kernel's tables (`/proc/net/tcp`, `/proc/net/tcp6`): sockets
/// listening on it, and connections on it in any other state (`TIME-WAIT` above all).
///
/// It tells a port another server listens on from one that only connections closed a moment ago hold: Linux lets
/// a socket with `SO_REUSEADDR` (the server's own) bind over a `TIME-WAIT` connection only if that connection's
/// socket had set it too, and the textbook TCPServer does not, so after it the port stays taken for up to a minute
/// although nothing listens.
package struct TCPPortOccupants: Equatable, Sendable {
    /// Sockets listening on the port.
    package var listening = 0
    /// Connections on the port in any other state.
    package var connections = 0

    /// The kernel's state number for `LISTEN` in its tables.
    private static let listenState = 0x0A

    /// The occupants of `port` in the text of one of the kernel's tables (a header line, then one socket a line:
    /// `sl local_address rem_address st …`, the local address as `HEX:PORT`, the state in hex).
    package static func reading(_ table: String, port: Int) -> TCPPortOccupants {
        var occupants = TCPPortOccupants()
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, let colon = fields[1].lastIndex(of: ":"),
                let localPort = Int(fields[1][fields[1].index(after: colon)...], radix: 16), localPort == port,
                let state = Int(fields[3], radix: 16)
            else { continue }
            if state == listenState { occupants.listening += 1 } else { occupants.connections += 1 }
        }
        return occupants
    }

    /// The occupants of `port` on this machine (IPv4 and IPv6); nil where the tables cannot be read.
    package static func current(port: Int) -> TCPPortOccupants? {
        var total: TCPPortOccupants?
        for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = kernelTable(at: path) else { continue }
            let found = reading(text, port: port)
            total = TCPPortOccupants(
                listening: (total?.listening ?? 0) + found.listening,
                connections: (total?.connections ?? 0) + found.connections
            )
        }
        return total
    }

    /// The whole text of one of the kernel's tables. Read to its end: `String(contentsOfFile:)` stops after the first
    /// 4 KiB of a file in /proc (whose size says 0), about 27 sockets of a busy machine's thousands.
    package static func kernelTable(at path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether only connections hold the port: nothing listens on it.
    package var isHeldOnlyByConnections: Bool { listening == 0 && connections > 0 }
}
