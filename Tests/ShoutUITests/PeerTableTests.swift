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

/// A pinging peer's Heartbeat in the Peers table and on its row.
@Suite("Peer table heartbeat")
struct PeerTableHeartbeatTests {
    typealias F = ServerScreenFixture

    static func ping(_ seq: Int, from peer: Endpoint = F.student, at seconds: Double) -> [ServerEvent] {
        let text = "Ping \(seq) \(PingMessage.epochSeconds(F.at(seconds - 0.0003)))"
        return [F.received(text, from: peer, at: seconds), F.replied(text.uppercased(), to: peer, at: seconds)]
    }

    @Test("the row shows pinging, seq, gaps, reordering and the one-way delay, then stopped after three intervals")
    func row() {
        var events = [1, 2, 4, 5].enumerated().flatMap { Self.ping($1, at: 10 + Double($0)) }
        events += Self.ping(3, at: 14)
        var table = PeerTable()
        for event in events { table.apply(event) }
        let sender = table.senders[F.student]
        #expect(sender?.heartbeat?.gapCount == 0)
        #expect(sender?.heartbeat?.reordered == 1)
        let dot = " · "
        let pinging = ServerScreenRenderer.peerColumns(.udp(sender!), now: F.at(15), dot: dot)
        #expect(pinging[1] == "pinging")
        // 192.168.1.44 is not this machine: the one-way delay is an estimate.
        #expect(pinging[3] == "last 1 s ago  seq 3 · gaps 0 · reordered 1 · one-way ≈0.3 ms (estimate)")
        let stopped = ServerScreenRenderer.peerColumns(.udp(sender!), now: F.at(17.5), dot: dot)
        #expect(stopped[1] == "stopped")
    }

    @Test("a stopped peer that sends anything else is seen again: its row no longer says stopped")
    func talkingAfterPings() {
        var table = PeerTable()
        for event in [1, 2, 3].enumerated().flatMap({ Self.ping($1, at: 10 + Double($0)) }) { table.apply(event) }
        let dot = " · "
        #expect(
            ServerScreenRenderer.peerColumns(.udp(table.senders[F.student]!), now: F.at(16), dot: dot)[1] == "stopped"
        )
        table.apply(F.received("hello", from: F.student, at: 16.5))
        let talking = ServerScreenRenderer.peerColumns(.udp(table.senders[F.student]!), now: F.at(30), dot: dot)
        #expect(talking[1] == "seen")
        #expect(talking[2] == "in 4 · out 3")
    }

    @Test("a narrow Peers pane keeps a pinging peer's state and counts, then its figures before 'last … ago'")
    func narrowPinging() {
        let events = [1, 2, 3].enumerated().flatMap { Self.ping($1, at: 10 + Double($0)) }
        let wide = F.render(F.state(events, width: 120, height: 14, now: 12.5)).lines
        #expect(
            wide[2].contains("udp 192.168.1.44:60211  pinging  in 3 · out 3  last 0 s ago  seq 3 · gaps 0 · one-way")
        )
        let narrow = F.render(F.state(events, width: 60, height: 14, now: 12.5)).lines
        #expect(narrow[2] == "│ udp 192.168.1.44:60211  pinging  in 3 · out 3  seq 3     │")
    }

    @Test("on this machine the one-way delay is exact; a --drop dropped ping is a gap; a plain sender is just seen")
    func localAndDropped() {
        var table = PeerTable()
        table.localHosts = ["192.168.1.20"]
        let local = Endpoint(host: "192.168.1.20", port: 4000)
        for event in Self.ping(1, from: local, at: 1) { table.apply(event) }
        table.apply(
            ServerEvent(
                time: F.at(2),
                .dropped(.udp, peer: local, payload: Payload(Array("Ping 2 1".utf8)), reason: .impairment)
            )
        )
        for event in Self.ping(3, from: local, at: 3) { table.apply(event) }
        for event in F.exchange("hello", at: 3) { table.apply(event) }
        let columns = ServerScreenRenderer.peerColumns(.udp(table.senders[local]!), now: F.at(3), dot: " · ")
        #expect(columns[3] == "last 0 s ago  seq 3 · gaps 1 (2) · one-way 0.3 ms")
        #expect(
            ServerScreenRenderer.peerColumns(.udp(table.senders[F.student]!), now: F.at(3), dot: " · ")[1] == "seen"
        )
    }

    @Test("after a flood thinned the events, the Peers title says the gaps are sampled too")
    func sampled() {
        var state = F.state(Self.ping(1, at: 1), width: 120, height: 20)
        state.apply(.events(Self.ping(2, at: 2), dropped: 50))
        let screen = F.render(state)
        #expect(screen.lines.contains { $0.contains("udp counts sampled, gaps too") })
    }
}
