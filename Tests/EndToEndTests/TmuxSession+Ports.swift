import Foundation

extension TmuxSession {
    /// Waits until the screen shows the port a server started with `--port 0` chose (`udp+tcp :PORT` in a server
    /// screen's header, `listening udp …:PORT` in its log) and returns it.
    func shownPort(within timeout: Duration = .seconds(10)) async throws -> Int {
        let screen = try await waitFor(within: timeout) { $0.contains { Self.port(in: $0) != nil } }
        return try screen.lazy.compactMap { Self.port(in: $0) }.first ?? { throw TestFailure("no port shown") }()
    }

    /// The port a screen line shows for a server, if it shows one.
    static func port(in line: String) -> Int? {
        for marker in ["udp+tcp :", "listening udp "] {
            guard let range = line.range(of: marker) else { continue }
            var rest = line[range.upperBound...]
            if marker.hasPrefix("listening"), let colon = rest.lastIndex(of: ":") {
                rest = rest[rest.index(after: colon)...]
            }
            if let port = Int(rest.prefix { $0.isNumber }), port > 0 { return port }
        }
        return nil
    }

    /// The process the pane's shell runs in the foreground now (a server started with `run`).
    func foregroundProcess() async throws -> Int32 {
        let shell = try await tmux(["display-message", "-p", "-t", "shout:0.0", "#{pane_pid}"])
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let children = try await ProcessRunner.run("/usr/bin/env", ["pgrep", "-P", shell.trimmingWhitespace()])
            if let pid = children.lines.first.flatMap({ Int32($0.trimmingWhitespace()) }) { return pid }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("the shell runs no process")
    }
}
