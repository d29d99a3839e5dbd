import Foundation
import Testing

/// `shout check --client` in a real terminal (tmux): while a client runs, one line says which and what run, and it
/// is gone before the client's block is printed; on a pipe there is no such line.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ClientCheckTerminalTests {
    @Test("a status line names the client and its run while it runs, and is gone when the block is printed")
    func statusLine() async throws {
        let client = ClientCheckCommandTests.client("udp", "textbook")
        try await TmuxSession.with(width: 120, height: 30, environment: ["NO_COLOR": "1"]) { session, _ in
            // With a timeout of 1 s the lost-reply run waits 5 s: long enough to see the line.
            try await session.run("shout check --client '\(client)' --port 0; echo status=$?")
            let running = try await session.waitFor(within: .seconds(20)) { screen in
                screen.contains { $0.contains(": run 3 of 3, lost-reply…") }
            }
            let line = try #require(running.first { $0.contains("run 3 of 3") })
            #expect(line.hasPrefix("grading python3 "), "\(line)")
            #expect(line.count < 120)
            // `status=` and a digit: the typed command's own `status=$?` may start a line where it wraps.
            let done = try await session.waitFor(within: .seconds(20)) { screen in
                screen.contains { $0.hasPrefix("status=") && $0.dropFirst(7).first?.isNumber == true }
            }
            #expect(!done.contains { $0.contains("grading ") }, "\(done.joined(separator: "\n"))")
            #expect(done.contains { $0.hasPrefix("  passed: every required check passed") })
        }
        let piped = try await ProcessRunner.shout(["check", "--client", client, "--port", "0", "--timeout", "0.2"])
        #expect(!piped.error.contains("grading"), "\(piped.error)")
    }
}
