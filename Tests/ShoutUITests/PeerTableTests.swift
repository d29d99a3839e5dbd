import Foundation
import ShoutCore
import Testing
@testable import ShoutUI

@Suite("Peer table")
struct PeerTableTests {
    typealias F = ServerScreenFixture

    @Test("TCP reads are counted on their connection; a closed connection is listed after the live peers")
    func connections() {
        var table = PeerTable()
        table.apply(ServerEvent(time: F.at(1), .connected(connection: 1, peer: F.laptop, local: F.student)))
        for event in F.exchange("a", with: F.laptop, transport: .tcp, at: 2) { table.apply(event) }
        for event in F.exchange("b", at: 3) { table.apply(event) }
        #expect(table.connections[1]?.received == 1)
        #expect(table.connections[1]?.replied == 1)
        table.apply(ServerEvent(time: F.at(4), .closed(connection: 1, peer: F.laptop, reason: "reset")))
        #expect(table.openConnections == 0)
        guard case .udp = table.rows.first, case .tcp(let closed) = table.rows.last else {
            Issue.record("unexpected order \(table.rows)")
            return
        }
        #expect(closed.closeReason == "reset")
    }

    @Test("past its capacity the least recently seen UDP senders are forgotten, and counted")
    func bounded() {
        var table = PeerTable(udpCapacity: 10, closedCapacity: 2)
        for index in 0..<25 {
            table.apply(F.received("x", from: Endpoint(host: "10.0.0.\(index)", port: 5000), at: Double(index)))
        }
        #expect(table.senders.count <= 10)
        #expect(table.senders[Endpoint(host: "10.0.0.24", port: 5000)] != nil)
        #expect(table.senders[Endpoint(host: "10.0.0.0", port: 5000)] == nil)
        #expect(table.forgottenUDP + table.senders.count == 25)
        for id in 0..<5 {
            let peer = Endpoint(host: "10.1.0.\(id)", port: 6000)
            table.apply(ServerEvent(time: F.at(30), .connected(connection: id, peer: peer, local: F.student)))
            table.apply(ServerEvent(time: F.at(31 + Double(id)), .closed(connection: id, peer: peer, reason: nil)))
        }
        #expect(table.connections.keys.sorted() == [3, 4])
    }
}
