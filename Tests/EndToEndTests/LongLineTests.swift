import Foundation
import Testing

/// Lines longer than a datagram, and replies longer than 64 KiB, through the built binary on loopback.
@Suite(.timeLimit(.minutes(1)))
struct LongLineTests {
    @Test("a 100,000-character line over UDP is not sent: one short sentence, nothing counted lost, status 1")
    func udpLineTooLarge() async throws {
        let line = String(repeating: "x", count: 100_000)
        let (run, finished) = try await ShoutServerProcess.with(["--host", "127.0.0.1"]) { port, _ in
            try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--plain"],
                input: line + "\nafter\n"
            )
        }
        let errors = run.error.split(separator: "\n")
        #expect(errors.count == 1, "\(run.error.prefix(500))")
        #expect(
            errors.first?.hasPrefix("not sent: the line is 100,000 bytes, over UDP's limit of 65,507 for one datagram")
                == true,
            "\(run.error.prefix(500))"
        )
        #expect(run.error.utf8.count < 300)
        #expect(run.lines == ["AFTER"], "the next line goes out as usual")
        #expect(run.status == 1)
        #expect(finished.lines.last?.hasPrefix("stopped: received 1 ") == true, "\(finished.lines.suffix(2))")
    }

    @Test("a 60,000-character line over UDP: its reply is read whole (one datagram, not the first 2,048 bytes)")
    func udpLargeReply() async throws {
        let line = String(repeating: "abcdefghij", count: 6_000)
        let (run, _) = try await ShoutServerProcess.with(["--host", "127.0.0.1"]) { port, _ in
            try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--plain", "--timeout", "20"],
                input: line + "\n"
            )
        }
        #expect(run.text == line.uppercased() + "\n", "got \(run.output.count) bytes; \(run.error.prefix(300))")
        #expect(run.status == 0)
    }

    @Test("a 70,000-character line over TCP: the whole reply is printed, and nothing said wrong")
    func tcpLongReply() async throws {
        let line = String(repeating: "abcdefghij", count: 7_000)
        let (run, _) = try await ShoutServerProcess.with(["--host", "127.0.0.1"]) { port, _ in
            try await ProcessRunner.shout(
                // A long timeout: on a machine busy with the whole suite, a slow reply would be said to be waiting.
                ["client", "127.0.0.1", "--port", "\(port)", "--tcp", "--plain", "--timeout", "20"],
                input: line + "\n"
            )
        }
        #expect(run.text == line.uppercased() + "\n", "got \(run.output.count) bytes; \(run.error.prefix(300))")
        #expect(run.error.isEmpty, "\(run.error.prefix(300))")
        #expect(run.status == 0)
    }
}
