import ShoutCore
import Testing

/// The Heartbeat client's checks on recorded runs.
@Suite struct HeartbeatClientVerdictTests {
    /// A run in which the client sent heartbeats with `seqs` at `times` (seconds), and ended as `ending` says.
    static func run(
        seqs: [Int],
        times: [Double],
        ending: ClientRunRecord.Ending = .ended(at: .seconds(8)),
        printed: String = ""
    ) -> ClientRunRecord {
        var run = ClientRunRecord(scenario: .heartbeats, typed: [])
        run.datagrams = zip(seqs, times).map { seq, time in
            .init(bytes: Array("Heartbeat \(seq) 1733449999.5".utf8), at: .milliseconds(Int64(time * 1000)))
        }
        run.output = [.init(bytes: Array(printed.utf8), at: .seconds(1))]
        run.ending = ending
        return run
    }

    private func passed(_ run: ClientRunRecord) -> [ClientCheckID: Bool?] {
        Dictionary(uniqueKeysWithValues: HeartbeatClientVerdict.results(run).map { ($0.id, $0.passed) })
    }

    @Test("steady heartbeats, each one more than the last, sent on after the drops: passed")
    func good() {
        let found = passed(Self.run(seqs: Array(1...7), times: (0..<7).map { Double($0) }))
        #expect(found[.heartbeatInterval] == true)
        #expect(found[.heartbeatSeq] == true)
        #expect(found[.heartbeatSurvivesDrop] == true)
        #expect(found[.heartbeatExits] == .some(nil))
    }

    @Test("an uneven interval, a repeated number, a client that died at the first drop")
    func broken() throws {
        #expect(passed(Self.run(seqs: Array(1...5), times: [0, 1, 1.1, 3, 4]))[.heartbeatInterval] == false)
        #expect(passed(Self.run(seqs: [1, 2, 2, 3], times: [0, 1, 2, 3]))[.heartbeatSeq] == false)
        let died = Self.run(
            seqs: [1, 2],
            times: [0, 1],
            ending: .exited(status: 1, at: .milliseconds(1500)),
            printed: "Traceback\nTimeoutError: timed out\n"
        )
        let result = try #require(HeartbeatClientVerdict.results(died).first { $0.id == .heartbeatSurvivesDrop })
        #expect(result.passed == false)
        #expect(result.detail.contains("the client died"))
        #expect(result.detail.contains("\"TimeoutError: timed out\""))
    }

    @Test("long gaps right after the dropped replies are explained: the client waits out its timeout, then sleeps")
    func gapsAfterDrops() throws {
        var run = Self.run(seqs: Array(1...7), times: [0, 0.5, 1.5, 2, 3, 3.5, 4])
        run.answers = [
            .init(datagram: 1, reply: nil, at: .milliseconds(500)), .init(datagram: 3, reply: nil, at: .seconds(2)),
        ]
        let result = try #require(HeartbeatClientVerdict.results(run).first { $0.id == .heartbeatInterval })
        #expect(result.passed == false)
        #expect(result.detail.contains("the long gaps follow the replies the grader dropped"), "\(result.detail)")
    }
}
