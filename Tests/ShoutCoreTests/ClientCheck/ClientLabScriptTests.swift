import ShoutCore
import Testing

/// The grader's decisions as a server, and how a client's lab is told from its first contact.
@Suite struct ClientLabScriptTests {
    private let script = ClientLabScript(unit: .seconds(1))

    @Test(
        "the lab from the first contact",
        arguments: [
            (ClientLab.FirstContact.connection, ClientLab.tcp),
            (.datagram(Array("Ping 1 1733449999.5".utf8)), .pinger),
            (.datagram(Array("ping 1".utf8)), .pinger),
            (.datagram(Array("Heartbeat 1 1733449999.5".utf8)), .heartbeat),
            (.datagram(Array("hello".utf8)), .udp),
            (.datagram(Array("Ping me".utf8)), .udp),
            (.datagram([]), .udp),
        ]
    )
    func detect(contact: ClientLab.FirstContact, lab: ClientLab) {
        #expect(ClientLab.detect(contact) == lab)
    }

    @Test("ten pings: two dropped, one held 0.3 units, one past the timeout, the next held 0.6, the last not UTF-8")
    func pingerPlan() {
        let actions = (0..<10).map { index in
            script.datagram(Array("Ping \(index + 1) 1733449999.5".utf8), index: index, scenario: .pings)
        }
        #expect(actions[2] == .drop)
        #expect(actions[7] == .drop)
        #expect(actions[0] == .reply(Array("PING 1 1733449999.5".utf8), after: .zero))
        #expect(actions[4] == .reply(Array("PING 5 1733449999.5".utf8), after: .milliseconds(300)))
        #expect(actions[5] == .reply(Array("PING 6 1733449999.5".utf8), after: .milliseconds(1300)))
        #expect(actions[6] == .reply(Array("PING 7 1733449999.5".utf8), after: .milliseconds(600)))
        #expect(actions[9] == .reply(Array("PING 10 ".utf8) + [0xFF, 0xFE], after: .zero))
    }

    @Test("times scale with the unit")
    func scaled() {
        let half = ClientLabScript(unit: .milliseconds(500))
        #expect(
            half.datagram(Array("Ping 5 1".utf8), index: 4, scenario: .pings)
                == .reply(Array("PING 5 1".utf8), after: .milliseconds(150))
        )
        #expect(
            half.endsAt(scenario: .pings, lastContact: .seconds(1), lastReply: nil, datagrams: 1) == .milliseconds(2500)
        )
        #expect(
            half.endsAt(scenario: .reply, lastContact: .seconds(1), lastReply: .milliseconds(1100), datagrams: 1)
                == .milliseconds(2100)
        )
    }

    @Test("a client's start and its exit are given at least 5 s and 1 s, however short the unit")
    func floors() {
        let short = ClientLabScript(unit: .milliseconds(300))
        #expect(short.endsAt(scenario: nil, lastContact: nil, lastReply: nil, datagrams: 0) == .seconds(5))
        #expect(
            ClientLabScript(unit: .seconds(2)).endsAt(scenario: nil, lastContact: nil, lastReply: nil, datagrams: 0)
                == .seconds(10)
        )
        #expect(
            short.endsAt(scenario: .reply, lastContact: .seconds(3), lastReply: .seconds(3), datagrams: 1)
                == .seconds(4)
        )
        #expect(
            short.endsAt(scenario: .lostReply, lastContact: .seconds(3), lastReply: nil, datagrams: 1)
                == .milliseconds(4500)
        )
    }

    @Test("the lost-reply run drops everything; a flood is answered 16 times at most")
    func dropsAndFlood() {
        #expect(script.datagram(Array("hi".utf8), index: 0, scenario: .lostReply) == .drop)
        #expect(
            script.datagram(Array("hi".utf8), index: 15, scenario: .reply) == .reply(Array("HI".utf8), after: .zero)
        )
        #expect(script.datagram(Array("hi".utf8), index: 16, scenario: .reply) == .ignore)
    }

    @Test("the heartbeats' 2nd and 4th replies are dropped")
    func heartbeats() {
        let actions = (0..<5).map {
            script.datagram(Array("Heartbeat \($0 + 1) 1".utf8), index: $0, scenario: .heartbeats)
        }
        #expect(actions.map { $0 == .drop } == [false, true, false, true, false])
    }

    @Test("a split reply is cut inside a character, 0.2 units apart; other replies are one write")
    func split() {
        let writes = script.writes(answering: Array("split: straße, é, 日本".utf8), scenario: .splitReply)
        #expect(writes.count == 2)
        #expect(writes[1].after == .milliseconds(200))
        #expect(writes.flatMap(\.bytes) == Array("SPLIT: STRASSE, É, 日本".utf8))
        #expect(String(validating: writes[0].bytes, as: UTF8.self) == nil, "the cut is not inside a character")
        #expect(script.writes(answering: Array("hi".utf8), scenario: .reply).map(\.bytes) == [Array("HI".utf8)])
    }

    @Test("a TCP request is whole with or without a line end")
    func whole() {
        let typed = Array("abc".utf8)
        #expect(ClientLabScript.requestIsWhole(typed, typed: typed))
        #expect(ClientLabScript.requestIsWhole(typed + [0x0A], typed: typed))
        #expect(ClientLabScript.requestIsWhole(typed + [0x0D, 0x0A], typed: typed))
        #expect(!ClientLabScript.requestIsWhole(Array("ab".utf8), typed: typed))
    }
}
