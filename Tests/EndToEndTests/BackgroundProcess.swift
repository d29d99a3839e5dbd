import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A long-running program (a server) for the length of a test: its output is collected line by line while the
/// test talks to it, and it is interrupted (SIGINT) when the test is done.
final class BackgroundProcess: Sendable {
    private let collected = Mutex<[String]>([])
    private let identifier = Mutex<Int32>(0)

    /// The program's process id.
    var pid: Int32 { identifier.withLock { $0 } }

    /// Every line printed so far on standard output.
    var lines: [String] { collected.withLock { $0 } }

    /// Waits until a line satisfies `predicate` and returns it; throws after `timeout`.
    func line(
        within timeout: Duration = .seconds(10),
        where predicate: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = lines.first(where: predicate) { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no line matched within \(timeout); output so far:\n" + lines.joined(separator: "\n"))
    }

    /// Waits until at least `count` lines satisfy `predicate` and returns them; throws after `timeout`.
    @discardableResult
    func lines(
        atLeast count: Int,
        within timeout: Duration = .seconds(10),
        where predicate: (String) -> Bool
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = lines.filter(predicate)
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure(
            "fewer than \(count) lines matched within \(timeout); output so far:\n" + lines.joined(separator: "\n")
        )
    }

    /// Runs `path arguments` (in `environment` and `workingDirectory`) in the background during `body`, then sends
    /// SIGINT and waits for it to end. Returns the body's result and everything the program printed.
    static func with<Result: Sendable>(
        _ path: String,
        _ arguments: [String],
        environment: Environment = .inherit,
        workingDirectory: String? = nil,
        _ body: @Sendable (BackgroundProcess) async throws -> Result
    ) async throws -> (result: Result, finished: Finished) {
        let process = BackgroundProcess()
        let outcome = try await Subprocess.run(
            .path(FilePath(path)),
            arguments: Arguments(arguments),
            environment: environment,
            workingDirectory: workingDirectory.map { FilePath($0) },
            input: .none,
            output: .sequence,
            error: .string(limit: 1 << 20)
        ) { execution in
            process.identifier.withLock { $0 = execution.processIdentifier.value }
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    for try await line in execution.standardOutput.strings() {
                        let trimmed = line.hasSuffix("\n") ? String(line.dropLast()) : line
                        process.collected.withLock { $0.append(trimmed) }
                    }
                    return nil
                }
                var bodyResult: Result?
                do {
                    bodyResult = try await body(process)
                } catch {
                    try? execution.send(signal: .kill)
                    throw error
                }
                try execution.send(signal: .interrupt)
                for try await case let value? in group { bodyResult = value }
                return bodyResult!
            }
        }
        var status: Int32?
        if case .exited(let code) = outcome.terminationStatus { status = code }
        let finished = Finished(
            status: status,
            output: Array(process.lines.joined(separator: "\n").utf8),
            error: outcome.standardError
        )
        return (outcome.closureResult, finished)
    }
}

/// A failure a test helper reports, with its reason.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
