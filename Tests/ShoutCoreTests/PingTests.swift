import Foundation
import ShoutCore
import Testing

/// The ping pieces on their own: the lab's message, ping(8)'s statistics, and a run of pings driven through a
/// ``ClientSession`` in memory, with replies reordered, late, duplicated and lost.
@Suite("Ping")
struct PingTests {
    static let server = Endpoint(host: "127.0.0.1", port: 12000)
    static let date = Date(timeIntervalSince1970: 1_795_615_331.25)

    @Test("the message is the lab's, with the time in seconds since the epoch; --size pads it and never cuts it")
    func message() {
        #expect(String(decoding: PingMessage.text(seq: 3, at: Self.date), as: UTF8.self) == "Ping 3 1795615331.250000")
        let padded = PingMessage.text(seq: 3, at: Self.date, size: 40)
        #expect(padded.count == 40)
        #expect(String(decoding: padded, as: UTF8.self).hasPrefix("Ping 3 1795615331.250000 xxx"))
        #expect(PingMessage.text(seq: 3, at: Self.date, size: 5).count == 24)
        // The server's Heartbeat reads it back, padding and all.
        let parsed = HeartbeatPayload.parse(padded)
        #expect(parsed?.seq == 3)
        #expect(parsed?.sentAt == Self.date)
    }

    @Test("min/avg/max/mdev as ping(8) computes them; a late reply counts as late, not as received")
    func statistics() {
        var statistics = PingStatistics()
        statistics.sent = 5
        for rtt in [1.0, 2.0, 3.0, 4.0] { statistics.addReply(rtt: rtt) }
        statistics.late = 1
        #expect(statistics.minimum == 1)
        #expect(statistics.maximum == 4)
        #expect(statistics.average == 2.5)
        // sqrt(mean of squares 7.5 − 2.5²) = sqrt(1.25)
        #expect(abs((statistics.meanDeviation ?? 0) - 1.25.squareRoot()) < 1e-9)
        #expect(statistics.lostPercent == 20)
        #expect(
            statistics.lines(target: "127.0.0.1:12000") == [
                "--- 127.0.0.1:12000 ping statistics ---",
                "5 sent, 4 received, 20% lost, 1 late",
                "rtt min/avg/max/mdev = 1.000/2.500/4.000/1.118 ms",
            ]
        )
        #expect(
            statistics.json
                == #"{"sent":5,"received":4,"lost_percent":20.0,"late":1,"duplicates":0,"rtt_min_ms":1.0,"#
                + #""rtt_avg_ms":2.5,"rtt_max_ms":4.0,"rtt_mdev_ms":1.118}"#
        )
    }

    @Test("no reply: no rtt line, and null figures in JSON; a third lost is 33.3%")
    func nothingAnswered() {
        var statistics = PingStatistics()
        statistics.sent = 3
        statistics.duplicates = 2
        #expect(statistics.lines(target: "x:1").dropFirst() == ["3 sent, 0 received, 100% lost, +2 duplicates"])
        #expect(
            statistics.json.hasSuffix(#""rtt_min_ms":null,"rtt_avg_ms":null,"rtt_max_ms":null,"rtt_mdev_ms":null}"#)
        )
        statistics.addReply(rtt: 0.5)
        statistics.addReply(rtt: 0.5)
        #expect(statistics.lines(target: "x:1")[1] == "3 sent, 2 received, 33.3% lost, +2 duplicates")
        #expect(statistics.meanDeviation == 0)
    }

    /// A session and a run, with a socket that is ready, driven by hand.
    struct Harness {
        let base = ContinuousClock.now
        var session = ClientSession(server: PingTests.server, transport: .udp, timeout: .milliseconds(300))
        var run = PingRun(count: 3)
        var results: [PingResult] = []
        /// The messages sent, by sequence number.
        var sent: [Int: [UInt8]] = [:]

        init() {
            _ = session.start(at: at(0))
            let ready = ClientNetEvent.ready(.udp, remote: PingTests.server, local: PingTests.server, setup: nil)
            take(session.apply(report: .event(ready), socket: 1, at: at(0)))
        }

        func at(_ milliseconds: Int) -> Moment {
            Moment(instant: base + .milliseconds(milliseconds), wallClock: "", date: PingTests.date)
        }

        mutating func take(_ step: ClientSessionStep) {
            for outcome in step.outcomes { if let result = run.take(outcome) { results.append(result) } }
        }

        mutating func ping(at milliseconds: Int) {
            guard let message = run.nextMessage(at: PingTests.date.addingTimeInterval(Double(milliseconds) / 1000))
            else { return }
            sent[run.made] = message
            take(session.send(message, at: at(milliseconds)))
        }

        /// The server's reply to ping `seq` (its upper-cased text), arriving at `milliseconds`.
        mutating func reply(to seq: Int, at milliseconds: Int) {
            let bytes = Array(String(decoding: sent[seq]!, as: UTF8.self).uppercased().utf8)
            let event = ClientNetEvent.received(.udp, bytes, at: base + .milliseconds(milliseconds))
            take(session.apply(report: .event(event), socket: 1, at: at(milliseconds)))
        }

        mutating func tick(at milliseconds: Int) { take(session.tick(at: at(milliseconds))) }
    }

    @Test("replies are matched by sequence number: reordered, late and duplicate replies go to their own ping")
    func matchedBySequence() {
        var harness = Harness()
        harness.ping(at: 0)
        harness.ping(at: 100)
        // Ping 2's reply overtakes ping 1's.
        harness.reply(to: 2, at: 150)
        harness.tick(at: 300)
        // Ping 1 timed out at 300; its reply comes late, while ping 3 is waiting, and is not taken for ping 3's.
        harness.ping(at: 310)
        harness.reply(to: 1, at: 320)
        harness.reply(to: 2, at: 330)
        #expect(!harness.run.isDone)
        harness.reply(to: 3, at: 340)
        #expect(harness.run.isDone)
        #expect(harness.results.map(\.status) == [.reply, .timeout, .late, .duplicate, .reply])
        #expect(harness.results.map(\.seq) == [2, 1, 1, 2, 3])
        #expect(harness.results[0].rtt == .milliseconds(50))
        #expect(harness.results[2].rtt == .milliseconds(320))
        #expect(harness.results[4].rtt == .milliseconds(30))
        let statistics = harness.run.statistics
        #expect((statistics.sent, statistics.received, statistics.late, statistics.duplicates) == (3, 2, 1, 1))
        #expect(statistics.rtts == [50, 30])
    }

    @Test("over TCP, a ping sent on a connection the server had closed goes again on a new one and keeps its number")
    func resentKeepsItsNumber() {
        let base = ContinuousClock.now
        func at(_ milliseconds: Int) -> Moment {
            Moment(instant: base + .milliseconds(milliseconds), wallClock: "", date: PingTests.date)
        }
        var session = ClientSession(server: PingTests.server, transport: .tcp, timeout: .seconds(1))
        var run = PingRun(count: 2)
        var results: [PingResult] = []
        var messages: [[UInt8]] = []
        func take(_ step: ClientSessionStep) {
            for outcome in step.outcomes { if let result = run.take(outcome) { results.append(result) } }
        }
        func ready(_ socket: Int) -> ClientSocketReport {
            .event(.ready(.tcp, remote: PingTests.server, local: PingTests.server, setup: .microseconds(100)))
        }
        func reply(_ message: [UInt8], socket: Int, at milliseconds: Int) {
            let bytes = Uppercasing.uppercased(message)
            take(
                session.apply(
                    report: .event(.received(.tcp, bytes, at: base + .milliseconds(milliseconds))),
                    socket: socket,
                    at: at(milliseconds)
                )
            )
        }
        take(session.start(at: at(0)))
        take(session.apply(report: ready(1), socket: 1, at: at(0)))
        for milliseconds in [0, 10] {
            let message = run.nextMessage(at: PingTests.date)!
            messages.append(message)
            take(session.send(message, at: at(milliseconds)))
        }
        // The textbook server answers the first ping and closes, unread the second, which was already on its way.
        reply(messages[0], socket: 1, at: 5)
        take(session.apply(report: .event(.closed(.tcp, reason: nil)), socket: 1, at: at(20)))
        take(session.apply(report: ready(2), socket: 2, at: at(30)))
        reply(messages[1], socket: 2, at: 40)
        #expect(results.map(\.seq) == [1, 2])
        #expect(results.map(\.status) == [.reply, .reply])
        #expect(run.isDone)
        #expect(run.statistics.sent == 2 && run.statistics.received == 2)
    }

    @Test("the lines say what ping(8) would, the reply escaped; JSON has the issue's fields")
    func resultLines() {
        var reply = PingResult(seq: 1, status: .reply, rtt: .microseconds(412), reply: Array("PING 1 \u{1b}[2J".utf8))
        #expect(reply.line(from: "h:1") == #"11 bytes from h:1: seq=1 time=0.412 ms "PING 1 \x1b[2J""#)
        #expect(reply.json == #"{"seq":1,"status":"reply","rtt_ms":0.412,"reply":"PING 1 \u001b[2J"}"#)
        reply.differs = true
        #expect(reply.line(from: "h:1").hasSuffix("(not the upper-cased ping)"))
        let timeout = PingResult(seq: 2, status: .timeout, reason: "timeout")
        #expect(timeout.line(from: "h:1") == "Request timed out: seq=2")
        #expect(timeout.json == #"{"seq":2,"status":"timeout","rtt_ms":null,"reply":null}"#)
        let late = PingResult(seq: 2, status: .late, rtt: .milliseconds(1500), reply: Array("PING 2".utf8))
        #expect(late.line(from: "h:1").contains("seq=2 late: 1500.000 ms after sending"))
        let duplicate = PingResult(seq: 2, status: .duplicate, reply: Array("PING 2".utf8))
        #expect(duplicate.line(from: "h:1") == #"6 bytes from h:1: seq=2 (DUP!) "PING 2""#)
    }

    @Test("stopped early, the pings in flight count as sent and not received, and no more are made")
    func stopped() {
        var harness = Harness()
        harness.ping(at: 0)
        harness.reply(to: 1, at: 5)
        harness.ping(at: 100)
        harness.run.stop()
        #expect(harness.run.isDone)
        #expect(harness.run.nextMessage(at: PingTests.date) == nil)
        #expect(harness.run.statistics.lines(target: "t")[1] == "2 sent, 1 received, 50% lost")
    }

    @Test("a ping whose socket cannot be opened stops the run there: nothing more is made, nothing counted sent")
    func stopsWhenTheSocketCannotBeOpened() {
        var session = ClientSession(server: PingTests.server, transport: .tcp, timeout: .seconds(1))
        var run = PingRun(count: 3)
        let now = Moment(instant: .now, wallClock: "", date: PingTests.date)
        let refused = ClientSocketError(.refused, "Connection to 127.0.0.1:12000 refused; is a server running there?")
        for outcome in session.start(at: now).outcomes { _ = run.take(outcome) }
        let message = run.nextMessage(at: PingTests.date)!
        let sent = session.send(message, at: now)
        for outcome in sent.outcomes { _ = run.take(outcome) }
        #expect(!run.isDone)
        let failed = session.apply(report: .openFailed(refused), socket: 1, at: now)
        #expect(failed.outcomes.contains(.openFailed(.tcp, refused, unsent: [message])))
        for outcome in failed.outcomes { _ = run.take(outcome) }
        #expect(run.isDone)
        #expect(run.nextMessage(at: PingTests.date) == nil)
        #expect(run.statistics.sent == 0)
        #expect(run.endedSentence == "stopped at ping 1 of 3: the connection was refused, so no more pings are sent")
    }
}
