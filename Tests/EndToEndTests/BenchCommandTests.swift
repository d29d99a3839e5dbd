import Foundation
import Testing

/// `shout bench` as a user runs it, against `shout server` on loopback.
@Suite(.timeLimit(.minutes(1)))
struct BenchCommandTests {
    @Test("--json prints one object whose counts agree with the server's summary")
    func json() async throws {
        let (report, finished) = try await ShoutServerProcess.with { port, _ in
            try await ProcessRunner.shout(
                // A generous reply timeout: on a loaded machine a reply can take longer than the default, and would
                // then be counted lost although the server answered it.
                ["bench", "127.0.0.1", "--port", "\(port)", "--udp", "--clients", "2", "--window", "4",
                 "--duration", "0.5", "--timeout-ms", "2000", "--json"])
        }
        #expect(report.status == 0, "\(report.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.output)) as? [String: Any])
        let replies = try #require(object["replies"] as? Int)
        #expect(replies > 0)
        #expect(object["bad"] as? Int == 0)
        #expect(object["lost"] as? Int == 0)
        #expect((object["p99_us"] as? Int ?? 0) > 0)
        #expect(finished.lines.last?.hasPrefix("stopped: received \(replies) (\(replies * 64) B), replied \(replies)") == true,
                "\(finished.lines.last ?? "")")
    }

    @Test("with no server on the port: the table says no reply came back, a sentence says why, and it exits 1")
    func nothingAnswers() async throws {
        // A UDP port held by a socket that never reads: nothing there answers.
        try await HeldPort.with(.silentUDP) { port in
            let run = try await ProcessRunner.shout(
                ["bench", "127.0.0.1", "--port", "\(port)", "--udp", "--clients", "1", "--window", "2", "--duration",
                 "0.3", "--timeout-ms", "50"])
            #expect(run.status == 1)
            #expect(run.text.contains("latency  none: no reply came back"), "\(run.text)")
            #expect(
                run.error.contains("No reply came back from 127.0.0.1:\(port); is a server running there"),
                "\(run.error)")
        }
    }

    @Test("the table names the load and the figures")
    func table() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            let run = try await ProcessRunner.shout(
                ["bench", "127.0.0.1", "--port", "\(port)", "--tcp", "--clients", "2", "--duration", "0.3"])
            #expect(run.status == 0)
            #expect(run.text.contains("load     tcp, 2 clients × 32 in flight, 64 B"), "\(run.text)")
            #expect(run.text.contains("latency  p50 "))
        }
    }
}
