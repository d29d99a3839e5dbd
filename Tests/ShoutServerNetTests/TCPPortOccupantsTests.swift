import Glibc
import Testing

@testable import ShoutSockets

@Suite("TCPPortOccupants")
struct TCPPortOccupantsTests {
    /// A few rows of `/proc/net/tcp`: a listener on 12000 (0x2EE0), a TIME-WAIT (06) and an established (01)
    /// connection on it, and a listener on another port.
    static let table = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000:2EE0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
           1: 0100007F:2EE0 0100007F:A1B2 06 00000000:00000000 03:00001234 00000000     0        0 0 3 0
           2: 0100007F:2EE0 0100007F:A1B3 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
           3: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
        """

    @Test("listeners and connections on a port are told apart; other ports do not count")
    func reading() {
        #expect(TCPPortOccupants.reading(Self.table, port: 12000) == TCPPortOccupants(listening: 1, connections: 2))
        #expect(TCPPortOccupants.reading(Self.table, port: 22) == TCPPortOccupants(listening: 1, connections: 0))
        #expect(TCPPortOccupants.reading(Self.table, port: 80) == TCPPortOccupants())
        // Only connections: a port the kernel keeps for closed connections, with nothing listening.
        let closing = Self.table.split(separator: "\n").enumerated().filter { $0.offset != 1 }.map(\.element)
            .joined(separator: "\n")
        let occupants = TCPPortOccupants.reading(closing, port: 12000)
        #expect(occupants == TCPPortOccupants(listening: 0, connections: 2))
        #expect(occupants.isHeldOnlyByConnections)
        #expect(!TCPPortOccupants.reading(Self.table, port: 12000).isHeldOnlyByConnections)
    }

    @Test("the kernel's table is read to its end, past the first 4 KiB a plain read of a file in /proc stops at")
    func wholeTable() throws {
        // Enough listening sockets that the table runs well past 4 KiB (about 150 bytes a row).
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        for _ in 0..<60 {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(socket >= 0)
            sockets.append(socket)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(bound == 0 && listen(socket, 1) == 0)
        }
        let table = try #require(TCPPortOccupants.kernelTable(at: "/proc/net/tcp"))
        #expect(table.utf8.count > 8_192)
        // The last socket opened is found however far down the table it is.
        let last = try #require(sockets.last)
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(last, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: local.sin_port))
        #expect(TCPPortOccupants.current(port: port)?.listening == 1)
    }
}
