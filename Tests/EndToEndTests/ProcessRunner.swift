import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// What a finished process left behind.
struct Finished {
    /// The exit status, or nil when a signal ended it.
    var status: Int32?
    /// Standard output, as bytes.
    var output: [UInt8]
    /// Standard error, as text.
    var error: String

    /// Standard output as text.
    var text: String { String(decoding: output, as: UTF8.self) }
    /// Standard output's lines.
    var lines: [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastEmpty()
    }
}

extension Array where Element == String {
    fileprivate func dropLastEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}

/// Runs programs to the end with some input, collecting what they print.
enum ProcessRunner {
    /// Runs `path` with `arguments`, feeding `input` to standard input, in `environment` and `workingDirectory`.
    ///
    /// With no input, standard input is not a pipe at all: a program that exits before its standard input is
    /// written and closed would otherwise trip a fatal error inside swift-subprocess (its input descriptor is left
    /// open when the write fails).
    static func run(
        _ path: String,
        _ arguments: [String],
        input: [UInt8] = [],
        environment: Environment = .inherit,
        workingDirectory: String? = nil
    ) async throws -> Finished {
        let folder = workingDirectory.map { FilePath($0) }
        let status: TerminationStatus
        let output: [UInt8]
        let error: String
        if input.isEmpty {
            let result = try await Subprocess.run(
                .path(FilePath(path)),
                arguments: Arguments(arguments),
                environment: environment,
                workingDirectory: folder,
                input: .none,
                output: .bytes(limit: 1 << 24),
                error: .string(limit: 1 << 20)
            )
            (status, output, error) = (result.terminationStatus, result.standardOutput, result.standardError)
        } else {
            let result = try await Subprocess.run(
                .path(FilePath(path)),
                arguments: Arguments(arguments),
                environment: environment,
                workingDirectory: folder,
                input: .array(input),
                output: .bytes(limit: 1 << 24),
                error: .string(limit: 1 << 20)
            )
            (status, output, error) = (result.terminationStatus, result.standardOutput, result.standardError)
        }
        var code: Int32?
        if case .exited(let value) = status { code = value }
        return Finished(status: code, output: output, error: error)
    }

    /// Runs `shout` with `arguments`.
    static func shout(_ arguments: [String], input: String = "") async throws -> Finished {
        try await run(TestPaths.shout, arguments, input: Array(input.utf8))
    }

    /// Runs a textbook peer script with `python3`.
    static func peer(_ script: String, _ arguments: [String], input: [UInt8] = []) async throws -> Finished {
        try await run("/usr/bin/env", ["python3", TestPaths.peer(script)] + arguments, input: input)
    }
}
