import ShoutCore
import ShoutServerNet
import Testing

@testable import ShoutBench

/// The summary table `shout bench` prints, from made-up tallies.
@Suite struct BenchReportTests {
    func report(_ mode: BenchConfiguration.Mode, sent: Int, replies: Int) -> BenchReport {
        var tally = BenchTally()
        tally.sent = sent
        for _ in 0..<replies { tally.recordReply(nanoseconds: 250_000) }
        let configuration = BenchConfiguration(
            server: Endpoint(host: "127.0.0.1", port: 12000),
            mode: mode,
            clients: 1500,
            window: 4
        )
        return BenchReport(configuration: configuration, elapsedSeconds: 1, tally: tally, held: nil)
    }

    @Test(
        "the load line names the window only for the patterns that keep requests in flight",
        arguments: [
            (BenchConfiguration.Mode.udp, "load     udp, 1,500 clients × 4 in flight, 64 B"),
            (.tcp, "load     tcp, 1,500 clients × 4 in flight, 64 B"),
            (.tcpOneshot, "load     tcp-oneshot, 1,500 clients, one line per connection, 64 B"),
            (.hold, "load     hold, 1,500 connections held, 64 B"),
        ]
    )
    func loadLine(mode: BenchConfiguration.Mode, line: String) {
        #expect(report(mode, sent: 10, replies: 10).table.split(separator: "\n").contains { $0 == line })
    }

    @Test("latency percentiles when replies came; a plain sentence, not zeros, when none did")
    func latency() {
        let answered = report(.udp, sent: 10, replies: 10)
        #expect(answered.table.contains("latency  p50 250 µs  p90 250 µs  p99 250 µs  p99.9 250 µs  max 250 µs"))
        #expect(!answered.nothingAnswered)
        let silent = report(.udp, sent: 10, replies: 0)
        #expect(silent.table.contains("latency  none: no reply came back"))
        #expect(silent.nothingAnswered)
        #expect(!report(.udp, sent: 0, replies: 0).nothingAnswered)
    }
}
