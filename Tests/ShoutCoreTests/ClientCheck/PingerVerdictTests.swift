import ShoutCore
import Testing

/// The Pinger client's checks on runs simulated against the grader's plan: a good client, and clients with one
/// defect each, told apart by the checks that fail.
@Suite struct PingerVerdictTests {
    /// How the simulated client behaves.
    struct Client {
        var checksSeq = true
        var wait = 1.0
        var line: (_ seq: Int, _ reply: String, _ rtt: Double) -> String = { seq, reply, rtt in
            "\(reply) RTT \(rtt) s"
        }
        var timeoutLine: (_ seq: Int) -> String = { _ in "Request timed out" }
        var summary = true
        var averageOverSent = false
    }

    /// A run of ten pings against ``PingerPlan`` with a unit of one second, as `client` would make it; the grader
    /// sends the reply to the measured ping `lateness` seconds later than planned (a loaded machine).
    static func simulate(_ client: Client, lateness: Double = 0) -> ClientRunRecord {
        let script = ClientLabScript(unit: .seconds(1))
        var run = ClientRunRecord(scenario: .pings, typed: [])
        run.startedAt = 1_733_449_999
        var arrivals: [(at: Double, reply: [UInt8])] = []
        var now = 0.01
        var rtts: [Double] = []
        func stamp(_ seconds: Double) -> Duration { .microseconds(Int64(seconds * 1e6)) }
        for index in 0..<10 {
            let seq = index + 1
            let bytes = Array("Ping \(seq) \(1_733_449_999 + now)".utf8)
            run.datagrams.append(.init(bytes: bytes, at: stamp(now)))
            switch script.datagram(bytes, index: index, scenario: .pings) {
            case .reply(let reply, let after):
                let late = index == PingerPlan.measured ? lateness : 0
                let at =
                    now + Double(after.components.attoseconds) / 1e18 + Double(after.components.seconds) + 0.0005 + late
                run.answers.append(.init(datagram: index, reply: reply, at: stamp(at)))
                arrivals.append((at, reply))
            case .drop:
                run.answers.append(.init(datagram: index, reply: nil, at: stamp(now)))
            case .ignore:
                break
            }
            arrivals.sort { $0.at < $1.at }
            var taken: (at: Double, reply: [UInt8])?
            while let first = arrivals.first, first.at <= now + client.wait {
                arrivals.removeFirst()
                let text = String(decoding: first.reply, as: UTF8.self)
                if !client.checksSeq || text.split(separator: " ").dropFirst().first == Substring(String(seq)) {
                    taken = first
                    break
                }
            }
            if let taken {
                let at = max(taken.at, now)
                let rtt = at - now
                rtts.append(rtt)
                let text = String(decoding: taken.reply, as: UTF8.self)
                run.output.append(
                    .init(bytes: Array((client.line(seq, text, rtt) + "\n").utf8), at: stamp(at + 0.0005))
                )
                now = at + 0.001
            } else {
                now += client.wait
                run.output.append(.init(bytes: Array((client.timeoutLine(seq) + "\n").utf8), at: stamp(now)))
                now += 0.001
            }
        }
        if client.summary, !rtts.isEmpty {
            let average = rtts.reduce(0, +) / Double(client.averageOverSent ? 10 : rtts.count)
            let line = "min \(rtts.min()!) s avg \(average) s max \(rtts.max()!) s\nloss \((10 - rtts.count) * 10)%\n"
            run.output.append(.init(bytes: Array(line.utf8), at: stamp(now)))
        }
        run.ending = .exited(status: 0, at: stamp(now + 0.01))
        return run
    }

    private func failed(_ run: ClientRunRecord) -> Set<String> {
        Set(PingerVerdict.results(run, unit: .seconds(1)).filter { $0.passed == false }.map(\.id.rawValue))
    }

    @Test("a good client passes every check")
    func good() {
        let results = PingerVerdict.results(Self.simulate(Client()), unit: .seconds(1))
        #expect(results.map(\.id) == ClientCheckID.checks(of: .pinger))
        #expect(results.allSatisfy { $0.passed == true }, "\(results.filter { $0.passed != true }.map(\.detail))")
    }

    @Test("a good client that prints its RTT in milliseconds and its timeouts with their numbers passes too")
    func goodInMilliseconds() {
        var client = Client()
        client.line = { seq, _, rtt in "Sequence \(seq): RTT = \(rtt * 1000) ms" }
        client.timeoutLine = { seq in "Ping \(seq): Request timed out" }
        #expect(failed(Self.simulate(client)).isEmpty)
    }

    @Test("no sequence check: the late reply is taken for the next ping's, and the client is off by one after it")
    func noSeq() {
        var client = Client()
        client.checksSeq = false
        let run = Self.simulate(client)
        #expect(failed(run) == ["pinger.late-reply", "pinger.reports-loss"])
        let late = PingerVerdict.results(run, unit: .seconds(1)).first { $0.id == .pingerLateReply }
        #expect(late?.detail.contains("it took the late reply for ping 7's") == true, "\(late?.detail ?? "")")
        #expect(late?.detail.contains("off by one") == true)
    }

    @Test("a reply the grader sent later than planned: the RTT expected is the one that crossed the wire")
    func lateSend() throws {
        let run = Self.simulate(Client(), lateness: 0.08)
        let rtt = try #require(PingerVerdict.results(run, unit: .seconds(1)).first { $0.id == .pingerRTT })
        #expect(rtt.passed == true, "\(rtt.detail)")
        #expect(
            rtt.detail.hasPrefix("the grader held the reply to ping \(PingerPlan.measured + 1) 38"),
            "\(rtt.detail)"
        )
    }

    @Test("RTT in microseconds labelled ms is named")
    func microseconds() {
        var client = Client()
        client.line = { _, reply, rtt in "\(reply) RTT \(rtt * 1e6) ms" }
        client.summary = false
        let run = Self.simulate(client)
        #expect(failed(run) == ["pinger.rtt", "pinger.summary"])
        let rtt = PingerVerdict.results(run, unit: .seconds(1)).first { $0.id == .pingerRTT }
        #expect(rtt?.detail.contains("microseconds labelled as milliseconds") == true, "\(rtt?.detail ?? "")")
    }

    @Test("a zero RTT printed for a real reply is named")
    func zeroRTT() throws {
        var client = Client()
        client.line = { seq, reply, rtt in "\(reply) RTT \(seq == 2 ? 0 : rtt) s" }
        let rtt = try #require(
            PingerVerdict.results(Self.simulate(client), unit: .seconds(1)).first { $0.id == .pingerRTT }
        )
        #expect(rtt.passed == false)
        #expect(rtt.detail.contains("it printed 0 s for ping 2"), "\(rtt.detail)")
    }

    @Test("a timeout after 0 s: the next ping comes at once after a drop")
    func zeroTimeout() {
        var client = Client()
        client.wait = 0.0001
        let failures = failed(Self.simulate(client))
        #expect(failures.isSuperset(of: ["pinger.timeout", "pinger.reports-loss", "pinger.rtt"]), "\(failures)")
    }

    @Test("the average divided by the pings sent is named")
    func averageOverSent() {
        var client = Client()
        client.averageOverSent = true
        let run = Self.simulate(client)
        #expect(failed(run) == ["pinger.summary"])
        let summary = PingerVerdict.results(run, unit: .seconds(1)).first { $0.id == .pingerSummary }
        #expect(summary?.detail.contains("divides by the pings sent") == true)
    }

    @Test("lines that came in one piece at the end are tied to the pings by order")
    func lump() {
        var run = Self.simulate(Client())
        let end = run.ending.at
        run.output = [.init(bytes: run.printed, at: end)]
        let transcript = PingerTranscript(run)
        #expect(transcript.untied.isEmpty)
        #expect(transcript.reportedTimeout(2))
        #expect(!transcript.reportedTimeout(3))
        #expect(failed(run).isEmpty)
    }

    @Test("output in one piece with a line missing: lines that name no ping are not tied on a guess, and fail nothing")
    func untied() throws {
        var run = Self.simulate(Client())
        let lines = PrintedLine.lines(run.output).map(\.text).filter { !$0.hasPrefix("PING 2 ") }
        run.output = [.init(bytes: Array(lines.map { $0 + "\n" }.joined().utf8), at: run.ending.at)]
        let results = PingerVerdict.results(run, unit: .seconds(1))
        let loss = try #require(results.first { $0.id == .pingerReportsLoss })
        #expect(loss.detail.contains("could not tell which ping lines"), "\(loss.detail)")
        #expect(loss.passed == true)
    }

    @Test("a timeout line read in the same wake-up as the first ping is about that ping")
    func sameWakeUp() {
        var client = Client()
        client.wait = 0.0001
        var run = Self.simulate(client)
        // The first line stamped before the first ping, as the loop stamps output read in the same wake-up.
        run.output[0].at = .zero
        #expect(PingerTranscript(run).untied.isEmpty)
        #expect(PingerTranscript(run).reportedTimeout(0))
    }

    @Test("pings sent in a burst, their lines read in two pieces: tied by order, and every wrong timeout named")
    func burst() throws {
        var run = ClientRunRecord(scenario: .pings, typed: [])
        run.startedAt = 1_733_449_999
        run.datagrams = (0..<10).map {
            .init(bytes: Array("Ping \($0 + 1) 1733449999.1".utf8), at: .microseconds(Int64($0 * 100)))
        }
        let timeouts = Array(repeating: "Request timed out\n", count: 10)
        run.output = [
            .init(bytes: Array(timeouts[..<4].joined().utf8), at: .microseconds(350)),
            .init(bytes: Array(timeouts[4...].joined().utf8), at: .milliseconds(5)),
        ]
        run.ending = .exited(status: 0, at: .milliseconds(6))
        let transcript = PingerTranscript(run)
        #expect((0..<10).allSatisfy(transcript.reportedTimeout))
        let loss = try #require(PingerVerdict.results(run, unit: .seconds(1)).first { $0.id == .pingerReportsLoss })
        #expect(loss.passed == false)
        #expect(loss.detail.contains("printed a timeout for pings 1, 2, 4, 5, 6, 7, 9, whose"), "\(loss.detail)")
    }
}
