import Foundation
import Testing

/// Every command runs under one lifetime: SIGINT, SIGTERM and SIGHUP take the same path (a graceful shutdown), and
/// each command answers it as a user expects, through the real binary in a real terminal.
@Suite("One lifetime", .serialized, .timeLimit(.minutes(2)))
struct LifetimeTests {
    /// The pid of the `shout` process whose command line contains `pattern` (not a shell or tmux client that
    /// happens to carry the same words).
    static func pid(of pattern: String) async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let found = try await ProcessRunner.run("/usr/bin/env", ["pgrep", "-f", pattern])
            for pid in found.lines.compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) {
                let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)
                if name?.trimmingCharacters(in: .whitespacesAndNewlines) == "shout" { return pid }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no process matches \(pattern)")
    }

    @Test("shout bench stops early on the signal and prints what it measured", arguments: [SIGINT, SIGTERM, SIGHUP])
    func bench(signal: Int32) async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await TmuxSession.with(width: 100, height: 20) { session, _ in
                try await session.run(
                    "shout bench 127.0.0.1:\(port) --udp --clients 1 --window 1 --duration 60; "
                        + "echo status=$?"
                )
                try await session.waitFor(text: "replies", within: .seconds(30))
                let bench = try await Self.pid(of: "shout bench 127.0.0.1:\(port)")
                #expect(kill(bench, signal) == 0)
                let screen = try await session.waitFor(text: "status=0", within: .seconds(30))
                #expect(screen.contains { $0.hasPrefix("latency  p50") })
                #expect(!screen.contains { $0.hasPrefix("ran      60") })
            }
        }
    }

    @Test("the client's screen leaves with the terminal restored", arguments: [SIGINT, SIGTERM, SIGHUP])
    func clientScreen(signal: Int32) async throws {
        // A UDP port held by a socket that never answers.
        try await HeldPort.with(.silentUDP) { port in
            try await TmuxSession.with(width: 100, height: 20) { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port); echo status=$?")
                try await session.waitFor(text: "ready", within: .seconds(30))
                let client = try await Self.pid(of: "shout client 127.0.0.1 --port \(port)")
                #expect(kill(client, signal) == 0)
                let screen = try await session.waitFor(text: "status=0", within: .seconds(30))
                #expect(!TmuxSession.showsBorders(screen))
            }
        }
    }

    @Test("the plain client stops reading and leaves with status 130", arguments: [SIGINT, SIGTERM, SIGHUP])
    func plainClient(signal: Int32) async throws {
        // The number is held on TCP; on UDP nothing listens, so the OS answers at once.
        try await HeldPort.with(.refusingTCP) { port in
            try await TmuxSession.with(width: 100, height: 20) { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --plain; echo status=$?")
                let client = try await Self.pid(of: "shout client 127.0.0.1 --port \(port) --plain")
                // A first line, answered at once by the OS (nothing listens): the client is in its loop by then.
                // (Generous deadlines: a loaded machine can take seconds to start a debug binary.)
                try await session.type("x")
                try await session.press("Enter")
                try await session.waitFor(text: "lost: line 1 \"x\": port unreachable", within: .seconds(30))
                // Waiting on standard input again, which only the lifetime's shutdown can end.
                #expect(kill(client, signal) == 0)
                try await session.waitFor(text: "status=130", within: .seconds(30))
            }
        }
    }
}
