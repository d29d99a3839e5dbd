import Foundation
import ShoutCore
import Testing

/// The client session on its own, in memory: what the user asks and what the sockets report go in, typed effects
/// and outcomes come out. Every behaviour the screen and the plain client show is decided here.
@Suite("Client session")
struct ClientSessionTests {
    static let server = Endpoint(host: "127.0.0.1", port: 12000)
    static let local = Endpoint(host: "127.0.0.1", port: 50000)

    /// A session and a clock the test moves by hand.
    struct Harness {
        let base = ContinuousClock.now
        var session: ClientSession

        init(transport: Transport = .udp) {
            session = ClientSession(server: ClientSessionTests.server, transport: transport)
        }

        func at(_ milliseconds: Int) -> Moment {
            Moment(
                instant: base + .milliseconds(milliseconds),
                wallClock: "14:02:11",
                date: Date(timeIntervalSince1970: 1_795_615_331 + Double(milliseconds) / 1000)
            )
        }

        mutating func report(_ report: ClientSocketReport, socket: Int, at milliseconds: Int) -> ClientSessionStep {
            session.apply(report: report, socket: socket, at: at(milliseconds))
        }

        mutating func ready(_ socket: Int, _ transport: Transport, at milliseconds: Int) -> ClientSessionStep {
            let setup: Duration? = transport == .tcp ? .microseconds(300) : nil
            return report(
                .event(
                    .ready(
                        transport,
                        remote: ClientSessionTests.server,
                        local: ClientSessionTests.local,
                        setup: setup
                    )
                ),
                socket: socket,
                at: milliseconds
            )
        }

        mutating func reply(
            _ text: String,
            over transport: Transport = .udp,
            socket: Int = 1,
            at milliseconds: Int
        )
            -> ClientSessionStep
        {
            report(
                .event(.received(transport, Array(text.utf8), at: base + .milliseconds(milliseconds))),
                socket: socket,
                at: milliseconds
            )
        }
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a line waits for its socket, goes out once it is ready, and its reply is matched with its round trip")
    func sendAndReply() {
        var harness = Harness()
        #expect(harness.session.start(at: harness.at(0)).effects == [.open(id: 1, .udp, Self.server)])
        #expect(harness.session.send(Self.bytes("straße"), at: harness.at(1)).effects.isEmpty)
        let ready = harness.ready(1, .udp, at: 2)
        #expect(ready.effects == [.send(id: 1, line: Self.bytes("straße"))])
        #expect(ready.outcomes.contains(.sent(request: 1, text: Self.bytes("straße"), .udp)))
        let reply = harness.reply("STRASSE", at: 5)
        #expect(
            reply.outcomes == [
                .reply(
                    request: 1,
                    text: Self.bytes("straße"),
                    reply: Self.bytes("STRASSE"),
                    .udp,
                    rtt: .milliseconds(3),
                    overtook: 0
                )
            ]
        )
        #expect(harness.session.sentCount == 1 && harness.session.replyCount == 1 && harness.session.lostCount == 0)
        #expect(harness.session.waitingCount == 0)
    }

    @Test("the round trip starts when the socket stamps the send, not when the line was asked for")
    func sendStamps() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("a"), at: harness.at(10))
        _ = harness.report(.sent(number: 1, at: harness.base + .milliseconds(40)), socket: 1, at: 40)
        let reply = harness.reply("A", at: 45)
        #expect(
            reply.outcomes.first.map {
                if case .reply(_, _, _, _, let rtt, _) = $0 { rtt == .milliseconds(5) } else { false }
            } == true
        )
    }

    @Test("no reply within the timeout is a loss for that line; a reply after it is late, another a duplicate")
    func lossLateDuplicate() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("x"), at: harness.at(0))
        #expect(harness.session.tick(at: harness.at(999)).outcomes.isEmpty)
        #expect(
            harness.session.tick(at: harness.at(1000)).outcomes == [
                .lost(request: 1, text: Self.bytes("x"), .udp, .timeout(waited: .seconds(1)))
            ]
        )
        #expect(
            harness.reply("X", at: 1500).outcomes == [
                .late(request: 1, text: Self.bytes("x"), reply: Self.bytes("X"), .udp, after: .milliseconds(1500))
            ]
        )
        #expect(
            harness.reply("X", at: 1600).outcomes == [
                .duplicate(request: 1, text: Self.bytes("x"), reply: Self.bytes("X"), .udp)
            ]
        )
        #expect(harness.session.lostCount == 1 && harness.session.replyCount == 0)
    }

    @Test("a reply that overtakes an earlier line says how many it overtook; a wrong one answers the oldest")
    func overtookAndMismatched() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        for line in ["n1", "n2", "n3"] { _ = harness.session.send(Self.bytes(line), at: harness.at(0)) }
        #expect(
            harness.reply("N3", at: 5).outcomes == [
                .reply(
                    request: 3,
                    text: Self.bytes("n3"),
                    reply: Self.bytes("N3"),
                    .udp,
                    rtt: .milliseconds(5),
                    overtook: 2
                )
            ]
        )
        #expect(
            harness.reply("nope", at: 6).outcomes == [
                .mismatched(
                    request: 1,
                    text: Self.bytes("n1"),
                    reply: Self.bytes("nope"),
                    expected: Self.bytes("N1"),
                    .udp,
                    rtt: .milliseconds(6)
                )
            ]
        )
        #expect(harness.reply("???", at: 7).outcomes.count == 1)
    }

    @Test("port unreachable is a value: the UDP lines in flight are lost at once, and the state says so")
    func portUnreachable() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("x"), at: harness.at(0))
        let step = harness.report(.event(.problem(.udp, .udpPortUnreachable)), socket: 1, at: 1)
        #expect(
            step.outcomes == [
                .socketProblem(.udp, .udpPortUnreachable),
                .lost(request: 1, text: Self.bytes("x"), .udp, .portUnreachable),
            ]
        )
        #expect(harness.session.connectionState(of: .udp) == "port unreachable")
        // A problem of another kind with the same words is not taken for it: the kind decides, not the text.
        _ = harness.session.send(Self.bytes("y"), at: harness.at(2))
        let other = ClientSocketError(.other, "port unreachable, says the text")
        #expect(
            harness.report(.event(.problem(.udp, other)), socket: 1, at: 3).outcomes == [.socketProblem(.udp, other)]
        )
        #expect(harness.session.lostCount == 1)
    }

    @Test("a refused connection: the state's word comes from the error's kind, and the lines waiting are not sent")
    func refused() {
        var harness = Harness(transport: .tcp)
        _ = harness.session.start(at: harness.at(0))
        _ = harness.session.send(Self.bytes("hi"), at: harness.at(0))
        let error = ClientSocketError(.refused, "Connection to 127.0.0.1:12000 refused; is a server running there?")
        #expect(
            harness.report(.openFailed(error), socket: 1, at: 1).outcomes == [
                .openFailed(.tcp, error, unsent: [Self.bytes("hi")])
            ]
        )
        #expect(harness.session.connectionState(of: .tcp) == "refused")
        #expect(harness.session.waitingCount == 0)
    }

    @Test("a server that closes after each reply: a line sent on the closed connection goes again once, then is lost")
    func reconnectAndResend() {
        var harness = Harness(transport: .tcp)
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .tcp, at: 0)
        _ = harness.session.send(Self.bytes("one"), at: harness.at(0))
        _ = harness.reply("ONE", over: .tcp, at: 1)
        _ = harness.session.send(Self.bytes("two"), at: harness.at(2))
        let closed = harness.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 3)
        #expect(closed.effects == [.open(id: 2, .tcp, Self.server)])
        #expect(
            closed.outcomes == [
                .closedByServer(.tcp, reason: nil), .resending(request: 2, text: Self.bytes("two"), .tcp),
            ]
        )
        let ready = harness.ready(2, .tcp, at: 4)
        #expect(ready.effects == [.send(id: 2, line: Self.bytes("two"))])
        #expect(
            ready.outcomes == [
                .ready(.tcp, remote: Self.server, local: Self.local, setup: .microseconds(300), again: true),
                .resent(request: 3, original: 2, text: Self.bytes("two"), .tcp),
            ]
        )
        let again = harness.report(.event(.closed(.tcp, reason: nil)), socket: 2, at: 5)
        #expect(again.outcomes.last == .lost(request: 3, text: Self.bytes("two"), .tcp, .serverClosedFirst))
        #expect(harness.session.sentCount == 2 && harness.session.lostCount == 1)
    }

    @Test("switching away from TCP closes the connection once no TCP line waits; UDP lines in flight still resolve")
    func switchTransports() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("u"), at: harness.at(0))
        let toTCP = harness.session.switchTransport(to: .tcp, at: harness.at(1))
        #expect(toTCP.effects == [.open(id: 2, .tcp, Self.server)])
        #expect(toTCP.outcomes == [.switched(to: .tcp)])
        _ = harness.ready(2, .tcp, at: 2)
        _ = harness.session.send(Self.bytes("t"), at: harness.at(3))
        #expect(harness.reply("U", over: .udp, socket: 1, at: 4).outcomes.count == 1)
        // Back to UDP with the TCP line still waiting: the connection stays until its reply.
        let toUDP = harness.session.switchTransport(to: .udp, at: harness.at(5))
        #expect(toUDP.effects.isEmpty)
        let answered = harness.reply("T", over: .tcp, socket: 2, at: 6)
        #expect(answered.effects == [.close(id: 2)])
        #expect(answered.outcomes.last == .closedIdleTCP(wasOpen: true))
        #expect(harness.session.switchTransport(to: .udp, at: harness.at(7)).outcomes == [.alreadyOn(.udp)])
    }

    @Test("/connect closes both sockets, gives up on the lines in flight, and opens one to the new server")
    func connectElsewhere() {
        var harness = Harness()
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("a"), at: harness.at(0))
        let other = Endpoint(host: "::1", port: 12001)
        let step = harness.session.connect(to: other, at: harness.at(1))
        #expect(step.effects == [.close(id: 1), .open(id: 2, .udp, other)])
        #expect(step.outcomes == [.connecting(other, .udp, abandoned: 1)])
        #expect(harness.session.server == other)
        // What the old socket says now is ignored, except replies, which still match nothing pending.
        #expect(harness.report(.event(.problem(.udp, .udpPortUnreachable)), socket: 1, at: 2).outcomes.isEmpty)
    }

    @Test("every event is a record, in order, queued for the transcript file while asked to")
    func records() {
        var harness = Harness()
        harness.session.queuesRecords = true
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .udp, at: 0)
        _ = harness.session.send(Self.bytes("hi"), at: harness.at(1))
        _ = harness.reply("HI", at: 2)
        _ = harness.session.setTimeout(.milliseconds(500))
        _ = harness.session.switchTransport(to: .tcp, at: harness.at(3))
        let events = harness.session.takeNewRecords().map(\.event)
        #expect(events == [.connect, .sent, .reply, .switch])
        #expect(harness.session.takeNewRecords().isEmpty)
        #expect(harness.session.recordsJSONLines.split(separator: "\n").count == 4)
        #expect(harness.session.timeout == .milliseconds(500))
    }
}
