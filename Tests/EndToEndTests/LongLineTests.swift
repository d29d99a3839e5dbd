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

    @Test("a 70,000-character line over TCP: the whole reply is printed, and nothing said wrong")
    func tcpLongReply() async throws {
        let line = String(repeating: "abcdefghij", count: 7_000)
        let (run, _) = try await ShoutServerProcess.with(["--host", "127.0.0.1"]) { port, _ in
            try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--tcp", "--plain"],
                input: line + "\n"
            )
        }
        #expect(run.text == line.uppercased() + "\n", "got \(run.output.count) bytes; \(run.error.prefix(300))")
        #expect(run.error.isEmpty, "\(run.error.prefix(300))")
        #expect(run.status == 0)
    }
}
