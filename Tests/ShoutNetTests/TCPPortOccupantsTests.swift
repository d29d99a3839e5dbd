import Testing

@testable import ShoutNet

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
}
