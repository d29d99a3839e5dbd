import Foundation
import ShoutCore
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
                [
                    "bench", "127.0.0.1", "--port", "\(port)", "--udp", "--clients", "2", "--window", "4",
                    "--duration", "0.5", "--timeout", "2", "--json",
                ])
        }
        #expect(report.status == 0, "\(report.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.output)) as? [String: Any])
        let replies = try #require(object["replies"] as? Int)
        #expect(replies > 0)
        #expect(object["bad"] as? Int == 0)
        #expect(object["lost"] as? Int == 0)
        #expect((object["p99_us"] as? Int ?? 0) > 0)
        let count = NumberText.grouped(replies)
        let size = NumberText.bytes(replies * 64)
        #expect(
            finished.lines.last?.hasPrefix("stopped: received \(count) (\(size)), replied \(count)") == true,
            "\(finished.lines.last ?? "")"
        )
    }

    @Test("a UDP server that never answers: the table says no reply came back, a sentence says why, and it exits 1")
    func nothingAnswers() async throws {
        // A UDP port held by a socket that never reads: nothing there answers.
        try await HeldPort.with(.silentUDP) { port in
            let run = try await ProcessRunner.shout(
                [
                    "bench", "127.0.0.1", "--port", "\(port)", "--udp", "--clients", "1", "--window", "2", "--duration",
                    "0.3", "--timeout-ms", "50",
                ])
            #expect(run.status == 1)
            #expect(run.text.contains("latency  none: no reply came back"), "\(run.text)")
            #expect(
                run.error.contains("No reply came back from 127.0.0.1:\(port); is a server running there"),
                "\(run.error)"
            )
        }
    }

    @Test("UDP where nothing listens: it stops at once with the port-unreachable sentence, as TCP does when refused")
    func udpPortUnreachable() async throws {
        // The port's TCP side is held, so no test takes the number; its UDP side has no socket at all.
        try await HeldPort.with(.refusingTCP) { port in
            let started = ContinuousClock.now
            // The run would take 60 s if it ignored the OS's answer.
            let run = try await ProcessRunner.shout(
                ["bench", "127.0.0.1", "--port", "\(port)", "--udp", "--duration", "60"])
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(run.status == 1)
            #expect(
                run.error.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "Error: Port unreachable: nothing listens on 127.0.0.1:\(port) over UDP; is a server running there?",
                "\(run.error)"
            )
            #expect(!run.text.contains("latency"))
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
