import Foundation
import ShoutCore
import Testing

/// The Heartbeat on its own: the payload parser and one peer's figures, with the times passed in.
@Suite("Heartbeat")
struct HeartbeatTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }
    static func payload(_ text: String) -> HeartbeatPayload? { HeartbeatPayload.parse(Array(text.utf8)) }

    @Test(
        "the lab's lines parse, with the time in any unit since the epoch; anything else does not",
        arguments: [
            ("Ping 1 1800000000.5", HeartbeatPayload(kind: .ping, seq: 1, sentAt: at(0.5))),
            ("Heartbeat 12 1800000000500", HeartbeatPayload(kind: .heartbeat, seq: 12, sentAt: at(0.5))),
            ("PING 3 1800000000500000 xxxx", HeartbeatPayload(kind: .ping, seq: 3, sentAt: at(0.5))),
            ("heartbeat 4 1800000000500000000\n", HeartbeatPayload(kind: .heartbeat, seq: 4, sentAt: at(0.5))),
            ("Ping 5 Wed Dec  2 07:20:47 2026", HeartbeatPayload(kind: .ping, seq: 5, sentAt: nil)),
            ("Ping 6", HeartbeatPayload(kind: .ping, seq: 6, sentAt: nil)),
        ]
    )
    func parses(text: String, expected: HeartbeatPayload) throws {
        let parsed = try #require(Self.payload(text))
        #expect(parsed.kind == expected.kind)
        #expect(parsed.seq == expected.seq)
        #expect(abs((parsed.sentAt?.timeIntervalSince1970 ?? 0) - (expected.sentAt?.timeIntervalSince1970 ?? 0)) < 1e-5)
    }

    @Test(
        "not a lab line",
        arguments: ["hello", "Ping", "Ping x 1", "Ping -1 2", "Pinger 1 2", "Ping 1234567890123456 1", ""]
    )
    func rejects(text: String) {
        #expect(Self.payload(text) == nil)
    }

    /// A peer on this machine that sends `seqs` at `at(seconds)`, each with its send time 0.2 ms before.
    static func peer(_ seqs: [(Int, Double)]) -> (Heartbeat, [HeartbeatObservation]) {
        var beat: Heartbeat?
        var observations: [HeartbeatObservation] = []
        for (seq, seconds) in seqs {
            let payload = HeartbeatPayload(kind: .heartbeat, seq: seq, sentAt: at(seconds - 0.0002))
            if beat == nil {
                beat = Heartbeat(first: payload, at: at(seconds), sameMachine: true)
                observations.append(HeartbeatObservation(first: beat!, payload: payload))
            } else {
                observations.append(beat!.arrived(payload, at: at(seconds)))
            }
        }
        return (beat!, observations)
    }

    @Test("gaps are the numbers that never came; one that comes later fills its gap and is reordered")
    func gapsAndReordering() {
        let (beat, observations) = Self.peer([(1, 0), (2, 1), (5, 2), (3, 3), (9, 4), (9, 5)])
        #expect(beat.lastSeq == 9)
        #expect(beat.gapCount == 4)
        #expect(beat.missing == [4...4, 6...8])
        #expect(beat.gapsText() == "4 (4, 6–8)")
        #expect(beat.reordered == 1)
        #expect(beat.duplicates == 1)
        #expect(observations.map(\.isReordered) == [false, false, false, true, false, false])
        #expect(observations.map(\.isDuplicate) == [false, false, false, false, false, true])
        #expect(abs((observations[2].oneWay ?? 0) - 0.2) < 0.01)
        #expect(beat.oneWayText?.hasSuffix(" ms") == true)
        #expect(beat.oneWayText?.contains("estimate") == false)
    }

    @Test("stopped after three of its intervals without one; the next one says it resumed")
    func stops() {
        var (beat, _) = Self.peer([(1, 0), (2, 0.5), (4, 1.5)])
        // Two samples of 0.5 s per sequence number (1→2, 2→4 over 1 s).
        #expect(beat.interval == 0.5)
        // Three intervals would be 1.5 s; a stop is never under 3 s.
        #expect(!beat.isStopped(at: Self.at(4.4)))
        #expect(beat.isStopped(at: Self.at(4.5)))
        let next = beat.arrived(HeartbeatPayload(kind: .heartbeat, seq: 5), at: Self.at(5))
        #expect(next.resumed)
        #expect(!beat.isStopped(at: Self.at(5.1)))
        // A slow peer: three of its intervals.
        let (slow, _) = Self.peer([(1, 0), (2, 2), (3, 4)])
        #expect(!slow.isStopped(at: Self.at(9.9)))
        #expect(slow.isStopped(at: Self.at(10)))
        // One datagram alone gives no interval: it is never called stopped.
        let (alone, _) = Self.peer([(1, 0)])
        #expect(!alone.isStopped(at: Self.at(3600)))
    }

    @Test("a Pinger's wait for a lost reply is not a stop: its pings come a fraction of a millisecond apart")
    func pingerWait() {
        var (beat, _) = Self.peer([(1, 0), (2, 0.0003), (3, 0.0006)])
        // Ping 4 got no reply: the client waits its 1 s timeout, then sends ping 5.
        #expect(!beat.isStopped(at: Self.at(1.0006)))
        let next = beat.arrived(HeartbeatPayload(kind: .ping, seq: 5), at: Self.at(1.0009))
        #expect(!next.resumed)
        #expect(beat.isStopped(at: Self.at(4.001)))
    }

    @Test("the interval is the peer's own cadence: two datagrams read in one burst do not make it shorter")
    func intervalFromSendTimes() {
        // Sent 0.2 s apart; a busy server read 2 and 3 together, then 4 on time.
        var beat = Heartbeat(
            first: HeartbeatPayload(kind: .heartbeat, seq: 1, sentAt: Self.at(0)),
            at: Self.at(0.001),
            sameMachine: true
        )
        for (seq, sent, read) in [(2, 0.2, 0.401), (3, 0.4, 0.4011), (4, 0.6, 0.601)] {
            _ = beat.arrived(HeartbeatPayload(kind: .heartbeat, seq: seq, sentAt: Self.at(sent)), at: Self.at(read))
        }
        #expect(abs((beat.interval ?? 0) - 0.2) < 0.001)
        // From the arrival times it would be 0.275 s (0.4 s, a sample of almost nothing, 0.2 s).
        // Without a time field the arrivals are all there is.
        var bare = Heartbeat(first: HeartbeatPayload(kind: .heartbeat, seq: 1), at: Self.at(0), sameMachine: true)
        _ = bare.arrived(HeartbeatPayload(kind: .heartbeat, seq: 2), at: Self.at(0.3))
        #expect(abs((bare.interval ?? 0) - 0.3) < 0.001)
    }

    @Test("a datagram --drop dropped is a gap, the first one as well")
    func droppedHere() {
        var beat = Heartbeat(
            first: HeartbeatPayload(kind: .ping, seq: 1),
            at: Self.at(0),
            sameMachine: false,
            arrived: false
        )
        _ = beat.arrived(HeartbeatPayload(kind: .ping, seq: 2, sentAt: Self.at(0.9)), at: Self.at(1))
        _ = beat.dropped(HeartbeatPayload(kind: .ping, seq: 3))
        _ = beat.arrived(HeartbeatPayload(kind: .ping, seq: 4), at: Self.at(3))
        #expect(beat.missing == [1...1, 3...3])
        #expect(beat.reordered == 0)
        // From another machine the one-way delay is an estimate: two clocks.
        #expect(beat.oneWayText == "≈100.000 ms (estimate: two clocks)")
    }

    @Test("bounded whatever a peer sends: huge jumps and many gaps keep a few ranges and an exact count")
    func bounded() {
        var beat = Heartbeat(first: HeartbeatPayload(kind: .ping, seq: 0), at: Self.at(0), sameMachine: true)
        for index in 1...100 { _ = beat.arrived(HeartbeatPayload(kind: .ping, seq: index * 2), at: Self.at(0)) }
        #expect(beat.missing.count == Heartbeat.rangeCapacity)
        #expect(beat.gapCount == 100)
        _ = beat.arrived(HeartbeatPayload(kind: .ping, seq: 999_999_999_999_999), at: Self.at(0))
        #expect(beat.gapCount == 100 + 999_999_999_999_999 - 201)
        #expect(beat.missingText(ascii: true).hasSuffix(", ..."))
    }

    @Test("any other datagram from the peer ends its stopped, and it is not stopped again until it pings again")
    func talkingPeer() {
        let peer = Endpoint(host: "127.0.0.1", port: 5000)
        var table = HeartbeatTable()
        func received(_ text: String, _ seconds: Double) -> HeartbeatObservation? {
            table.observe(
                ServerEvent(time: Self.at(seconds), .received(.udp, peer: peer, payload: Payload(Array(text.utf8))))
            )
        }
        _ = received("Ping 1", 0)
        _ = received("Ping 2", 1)
        #expect(table.nextStop == Self.at(4))
        // A line typed before the peer would count as stopped: it never is.
        #expect(received("hello", 2) == nil)
        #expect(table.nextStop == nil)
        #expect(table.newlyStopped(at: Self.at(10)).isEmpty)
        // Pinging again: stopped three intervals after the last ping, reported once; a line then ends it.
        _ = received("Ping 3", 11)
        #expect(table.newlyStopped(at: Self.at(30)).map(\.peer) == [peer])
        #expect(table.peers[peer]?.isStopped(at: Self.at(30)) == true)
        _ = received("hello again", 31)
        #expect(table.peers[peer]?.isStopped(at: Self.at(40)) == false)
        // Something a rate limit dropped is heard too; a datagram from another peer changes nothing.
        _ = received("Ping 4", 41)
        let other = Endpoint(host: "127.0.0.1", port: 6000)
        _ = table.observe(
            ServerEvent(time: Self.at(42), .received(.udp, peer: other, payload: Payload(Array("x".utf8))))
        )
        #expect(table.peers[peer]?.isPinging == true)
        _ = table.observe(
            ServerEvent(
                time: Self.at(43),
                .dropped(.udp, peer: peer, payload: Payload(Array("too fast".utf8)), reason: .rateLimited)
            )
        )
        #expect(table.peers[peer]?.isPinging == false)
        #expect(table.nextStop == nil)
    }

    @Test("the table keeps one per peer, reads received and --drop dropped datagrams only, says each stop once")
    func table() {
        let peer = Endpoint(host: "::ffff:127.0.0.1", port: 5000)
        var table = HeartbeatTable()
        func event(_ kind: ServerEvent.Kind, _ seconds: Double) -> ServerEvent {
            ServerEvent(time: Self.at(seconds), kind)
        }
        func payload(_ text: String) -> Payload { Payload(Array(text.utf8)) }
        #expect(table.observe(event(.received(.udp, peer: peer, payload: payload("hello")), 0)) == nil)
        let first = table.observe(event(.received(.udp, peer: peer, payload: payload("Ping 1 1800000000.0")), 0))
        #expect(first?.heartbeat?.sameMachine == true)
        #expect(
            table.observe(event(.dropped(.udp, peer: peer, payload: payload("Ping 2 x"), reason: .impairment), 1))?
                .arrived == false
        )
        #expect(
            table.observe(event(.dropped(.udp, peer: peer, payload: payload("Ping 3 x"), reason: .rateLimited), 2))
                == nil
        )
        let third = table.observe(event(.received(.udp, peer: peer, payload: payload("Ping 4")), 3))
        #expect(third?.heartbeat?.missingText() == "2–3")
        #expect(table.newlyStopped(at: Self.at(4)).isEmpty)
        #expect(table.nextStop == Self.at(3 + 3))
        #expect(table.newlyStopped(at: Self.at(6)).map(\.peer) == [peer])
        #expect(table.newlyStopped(at: Self.at(7)).isEmpty)
        #expect(table.nextStop == nil)
    }
}
