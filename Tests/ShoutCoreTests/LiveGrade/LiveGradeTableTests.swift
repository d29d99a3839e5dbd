import FoundationEssentials
import Testing

@testable import ShoutCore

/// The headless log's table of judges: which lines carry a verdict, and when a `graded` line is due.
@Suite struct LiveGradeTableTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let alice = Endpoint(host: "127.0.0.1", port: 40_001)
    static let bob = Endpoint(host: "192.0.2.7", port: 40_002)

    static func ping(_ seq: Int, _ at: Double) -> Payload {
        Payload(Array("Ping \(seq) \(start.timeIntervalSince1970 + at)".utf8))
    }

    static func event(_ kind: ServerEvent.Kind, _ at: Double) -> ServerEvent {
        ServerEvent(time: start.addingTimeInterval(at), kind)
    }

    @Test("a pinging peer's datagrams and replies carry its verdict; another peer's and TCP's carry none")
    func whichLines() {
        var table = LiveGradeTable()
        #expect(
            table.observe(Self.event(.received(.udp, peer: Self.alice, payload: Self.ping(1, 0)), 0))?.status
                == .pending
        )
        #expect(table.observe(Self.event(.replied(.udp, peer: Self.alice, payload: Self.ping(1, 0)), 0)) != nil)
        #expect(
            table.observe(Self.event(.received(.udp, peer: Self.bob, payload: Payload(Array("hi".utf8))), 0)) == nil
        )
        #expect(table.observe(Self.event(.replied(.udp, peer: Self.bob, payload: Payload(Array("HI".utf8))), 0)) == nil)
        #expect(table.observe(Self.event(.received(.tcp, peer: Self.alice, payload: Self.ping(2, 0)), 0)) == nil)
        // A refused datagram never reached the rules: no judge for it.
        let refused = ServerEvent.Kind.dropped(.udp, peer: Self.bob, payload: Self.ping(1, 0), reason: .refused)
        #expect(table.observe(Self.event(refused, 0)) == nil)
        #expect(table.peers.count == 1)
    }

    @Test("a graded line once a judgement is settled, by datagrams or by silence, and once only")
    func settled() throws {
        var table = LiveGradeTable()
        for seq in 1...10 {
            let at = Double(seq) * 0.001 + (seq >= 4 ? 1 : 0)
            let kind: ServerEvent.Kind =
                seq == 3
                ? .dropped(.udp, peer: Self.alice, payload: Self.ping(seq, at), reason: .graded)
                : .received(.udp, peer: Self.alice, payload: Self.ping(seq, at))
            _ = table.observe(Self.event(kind, at))
        }
        _ = table.observe(Self.event(.received(.udp, peer: Self.bob, payload: Self.ping(1, 0.5)), 0.5))
        let now = Self.start.addingTimeInterval(1.1)
        let first = table.newlySettled(at: now)
        #expect(first.map(\.peer) == [Self.alice])
        #expect(first.first?.verdict.status == .pass)
        #expect(table.newlySettled(at: now).isEmpty)
        // Bob sent one ping and went silent: his judgement settles 3 s after it, when the log is told to wake.
        #expect(table.nextSettling == Self.start.addingTimeInterval(3.5))
        let later = table.newlySettled(at: Self.start.addingTimeInterval(3.5))
        #expect(later.map(\.peer) == [Self.bob])
        #expect(later.first?.verdict.summary == "pinger: sent 1 ping, then nothing")
        #expect(table.nextSettling == nil)
    }

    @Test("bounded: past its capacity the peer heard from longest ago is forgotten")
    func bounded() {
        var table = LiveGradeTable(capacity: 2)
        for index in 0..<3 {
            let peer = Endpoint(host: "127.0.0.1", port: 41_000 + index)
            _ = table.observe(
                Self.event(.received(.udp, peer: peer, payload: Self.ping(1, Double(index))), Double(index))
            )
        }
        #expect(table.peers.count == 2)
        #expect(table.peers[Endpoint(host: "127.0.0.1", port: 41_000)] == nil)
    }

    @Test("a settled judgement that changes (a Heartbeat client that passed, then broke its interval) is said again")
    func changed() {
        var table = LiveGradeTable()
        func beat(_ seq: Int, _ at: Double, _ reason: ServerEvent.DropReason? = nil) {
            let payload = Payload(Array("Heartbeat \(seq) \(Self.start.timeIntervalSince1970 + at)".utf8))
            let kind: ServerEvent.Kind =
                reason.map { .dropped(.udp, peer: Self.alice, payload: payload, reason: $0) }
                ?? .received(.udp, peer: Self.alice, payload: payload)
            _ = table.observe(Self.event(kind, at))
        }
        for seq in 1...4 { beat(seq, Double(seq - 1), seq == 3 ? .graded : nil) }
        #expect(table.newlySettled(at: Self.start.addingTimeInterval(3.1)).map(\.verdict.status) == [.pass])
        beat(5, 8)
        #expect(table.newlySettled(at: Self.start.addingTimeInterval(8.1)).map(\.verdict.status) == [.fail])
        #expect(table.newlySettled(at: Self.start.addingTimeInterval(9)).isEmpty)
    }
}
