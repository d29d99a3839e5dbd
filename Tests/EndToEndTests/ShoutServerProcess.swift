import Foundation
import Subprocess

/// Runs `shout server --headless` on a free port for the length of a test.
enum ShoutServerProcess {
    /// Starts the server with `arguments` (plus `--headless --port 0` unless a port is given), waits until it
    /// listens, and passes its port to `body`. `binary`, `environment` and `workingDirectory` say what runs where.
    static func with<Result: Sendable>(
        _ arguments: [String] = [],
        binary: String = TestPaths.shout,
        environment: Environment = .inherit,
        workingDirectory: String? = nil,
        _ body: @Sendable (_ port: Int, _ server: BackgroundProcess) async throws -> Result
    ) async throws -> (result: Result, finished: Finished) {
        var all = ["server", "--headless"] + arguments
        if !arguments.contains("--port") { all += ["--port", "0"] }
        let expectsUDP = !arguments.contains("--tcp-only") && !arguments.contains("--tcp")
        return try await BackgroundProcess.with(
            binary,
            all,
            environment: environment,
            workingDirectory: workingDirectory
        ) { server in
            let transport = expectsUDP ? "udp" : "tcp"
            let listening = try await server.line { $0.contains("listening") && $0.contains(transport) }
            let digits = listening.split(separator: ":").last?.prefix { $0.isNumber }
            guard let port = digits.flatMap({ Int($0) }) else {
                throw TestFailure("cannot read the port from: \(listening)")
            }
            return try await body(port, server)
        }
    }
}

/// Runs a textbook server peer (which prints its port first) for the length of a test.
enum TextbookServerProcess {
    static func with<Result: Sendable>(
        _ script: String,
        _ arguments: [String] = [],
        _ body: @Sendable (_ port: Int) async throws -> Result
    ) async throws -> Result {
        try await BackgroundProcess.with("/usr/bin/env", ["python3", "-u", TestPaths.peer(script), "0"] + arguments) {
            process in
            let first = try await process.line { Int($0) != nil }
            return try await body(Int(first)!)
        }.result
    }
}
