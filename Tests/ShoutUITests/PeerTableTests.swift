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

    @Test("a connection's counts are its handler's, exact though the events were thinned; frozen, they hold still")
    func exactConnectionCounts() {
        var table = PeerTable()
        let tally = ConnectionTally(id: 7)
        table.apply(
            ServerEvent(
                time: F.at(1),
                .connected(connection: 7, peer: F.laptop, local: F.student),
                connection: tally
            )
        )
        // Five reads and replies counted where the traffic is; the event budget listed one of each.
        for _ in 0..<5 {
            tally.countRead()
            tally.countReply()
        }
        for event in F.exchange("a", with: F.laptop, transport: .tcp, at: 2) {
            table.apply(ServerEvent(time: event.time, event.kind, connection: tally))
        }
        #expect(table.connections[7]?.received == 5)
        #expect(table.connections[7]?.replied == 5)
        let frozen = table.frozen()
        tally.countRead()
        #expect(table.connections[7]?.received == 6)
        #expect(frozen.connections[7]?.received == 5)
        // Another connection from the same address is another row: found by its number, never by its address.
        table.apply(
            ServerEvent(
                time: F.at(3),
                .connected(connection: 8, peer: F.laptop, local: F.student),
                connection: ConnectionTally(id: 8)
            )
        )
        #expect(table.openConnections == 2)
        #expect(table.connections[8]?.received == 0)
    }

    @Test("a dropped datagram counts once as received and once as dropped for its sender")
    func droppedCountsOnce() {
        var table = PeerTable()
        table.apply(
            ServerEvent(time: F.at(1), .dropped(.udp, peer: F.student, payload: Payload([1]), reason: .refused))
        )
        #expect(table.senders[F.student]?.received == 1)
        #expect(table.senders[F.student]?.dropped == 1)
        #expect(table.senders[F.student]?.replied == 0)
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
