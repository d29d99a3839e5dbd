import Foundation
import Testing

/// Faults a user meets: the server restarted under a connected client, a history that cannot be written.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FaultTests {
    @Test("a server restarted under a connected TCP client: the client says so, reconnects, and goes on")
    func serverRestarted() async throws {
        try await TmuxSession.with { session, _ in
            // The first server takes any free port; the restarted one takes the same port again.
            let (port, _) = try await ShoutServerProcess.with { port, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --tcp")
                try await session.waitFor(text: "tcp>")
                try await session.type("before")
                try await session.press("Enter")
                try await session.waitFor(text: "← BEFORE")
                return port
            }
            // The server is gone: the client shows the close and stays up.
            try await session.waitFor(text: "connection closed by the server")
            _ = try await ShoutServerProcess.with(["--port", "\(port)"]) { _, _ in
                try await session.type("after")
                try await session.press("Enter")
                let screen = try await session.waitFor(text: "← AFTER")
                #expect(screen.contains { $0.contains("reconnected to 127.0.0.1:\(port)") })
            }
            try await session.press("C-c")
            try await session.waitFor { !TmuxSession.showsBorders($0) }
        }
    }

    @Test("a history that cannot be written is one notice, and the client goes on")
    func unwritableHistory() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("shout-not-a-dir-\(UUID())")
        try Data("a file where a folder should be".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        _ = try await ShoutServerProcess.with { port, _ in
            try await TmuxSession.with(environment: ["XDG_STATE_HOME": blocker.path]) { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port)")
                try await session.waitFor(text: "udp>")
                try await session.type("keep going")
                try await session.press("Enter")
                let screen = try await session.waitFor(text: "← KEEP GOING")
                #expect(screen.contains { $0.contains("✗") && $0.contains("history") })
                try await session.press("C-c")
                try await session.waitFor { !TmuxSession.showsBorders($0) }
            }
        }
    }
}
