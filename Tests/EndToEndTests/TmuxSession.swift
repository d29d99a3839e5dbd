import Foundation

/// A shell in a tmux pane of a private tmux server, for end-to-end tests of the screens: type with `send-keys`,
/// read with `capture-pane`, and wait for what a user would see, with a deadline.
final class TmuxSession: Sendable {
    /// The private tmux server's socket name (so tests never touch a user's tmux or each other).
    let socket: String
    private let target = "shout:0.0"

    /// Starts a plain shell in a `width`×`height` pane, with `environment` exported and a UTF-8 locale. `NO_COLOR`
    /// is removed (`swift test` sets it for the processes it starts) unless `environment` sets it again. The built
    /// binary's folder comes first on `PATH`, so tests type `shout …` as a user would, and the command line stays
    /// short whatever folder the package was cloned into (a long path would wrap and move the rows tests look at).
    init(width: Int = 120, height: Int = 35, environment: [String: String] = [:]) async throws {
        socket = "shout-test-\(UUID().uuidString.prefix(8))"
        var exports = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PS1": "$ "]
        let binaryFolder = URL(fileURLWithPath: TestPaths.shout).deletingLastPathComponent().path
        exports["PATH"] = binaryFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        exports.merge(environment) { $1 }
        let prefix = exports.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        try await tmux([
            "new-session", "-d", "-s", "shout", "-x", "\(width)", "-y", "\(height)",
            "env -u NO_COLOR \(prefix) bash --norc --noprofile",
        ])
        try await tmux(["set-option", "-t", "shout", "status", "off"])
        _ = try await waitFor(within: .seconds(5)) { $0.contains { $0.hasPrefix("$") } }
    }

    /// Runs one tmux command against this session's server.
    @discardableResult
    func tmux(_ arguments: [String]) async throws -> String {
        let run = try await ProcessRunner.run("/usr/bin/env", ["tmux", "-L", socket] + arguments)
        guard run.status == 0 else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed: \(run.error)")
        }
        return run.text
    }

    /// Types text literally (no key names).
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", target, "-l", text])
    }

    /// Presses keys by tmux name: `Enter`, `Tab`, `BTab`, `PPage`, `C-c`, `F2`, `Space`, …
    func press(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", target] + keys)
    }

    /// Types a command line into the shell and presses Enter.
    func run(_ commandLine: String) async throws {
        try await type(commandLine)
        try await press("Enter")
    }

    /// The pane's lines as a user sees them now.
    func screen() async throws -> [String] {
        try await tmux(["capture-pane", "-p", "-t", target]).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    /// Waits until the screen satisfies `condition`; returns that screen, or throws with the last screen shown.
    @discardableResult
    func waitFor(
        within timeout: Duration = .seconds(10),
        _ condition: ([String]) -> Bool
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var last: [String] = []
        while ContinuousClock.now < deadline {
            last = try await screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("the screen never showed what was expected; last screen:\n" + last.joined(separator: "\n"))
    }

    /// Waits until some line contains `text`.
    @discardableResult
    func waitFor(text: String, within timeout: Duration = .seconds(10)) async throws -> [String] {
        try await waitFor(within: timeout) { $0.contains { $0.contains(text) } }
    }

    /// Changes the pane's size.
    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", "shout", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Runs `body` with a new session whose `XDG_STATE_HOME` is a fresh temporary folder (so a user's history is never
    /// touched), and always closes the session and removes the folder, whatever the body does.
    static func with<Result>(
        width: Int = 120,
        height: Int = 35,
        environment: [String: String] = [:],
        _ body: (TmuxSession, _ stateHome: String) async throws -> Result
    ) async throws -> Result {
        let stateHome = FileManager.default.temporaryDirectory
            .appendingPathComponent("shout-state-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: stateHome) }
        var environment = environment
        environment["XDG_STATE_HOME"] = environment["XDG_STATE_HOME"] ?? stateHome
        let session = try await TmuxSession(width: width, height: height, environment: environment)
        do {
            let result = try await body(session, stateHome)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    /// Whether any line still shows a screen's border (a screen that did not restore the terminal).
    static func showsBorders(_ lines: [String]) -> Bool {
        lines.contains { $0.contains("│") || $0.contains("┌") || $0.contains("└") }
    }

    /// Ends the tmux server and everything in it.
    func close() async {
        _ = try? await tmux(["kill-server"])
    }
}
