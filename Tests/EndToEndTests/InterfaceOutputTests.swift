import Foundation
import Testing

/// The output formats scripts and teachers read (the server's text and JSON log, the client's transcript, `shout
/// ping`'s lines and statistics, `shout check`'s report, `shout bench`'s table), compared byte for byte with outputs
/// recorded in Tests/EndToEndTests/Golden from the built binary, after what differs from run to run is masked
/// (`InterfaceOutputMask`; Golden/README.md lists the rules).
///
/// `SHOUT_RECORD_GOLDEN=1 swift test --filter InterfaceOutputTests` writes the files anew instead of comparing.
@Suite(.timeLimit(.minutes(2)))
struct InterfaceOutputTests {
    /// The folder of the recorded outputs.
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Whether this run records the outputs instead of comparing them.
    static let records = ProcessInfo.processInfo.environment["SHOUT_RECORD_GOLDEN"] == "1"

    /// Compares `text`, masked, with the recorded file `name` (or records it).
    static func expectRecorded(
        _ name: String,
        _ text: String,
        port: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let masked = InterfaceOutputMask.apply(text, port: port)
        let file = golden.appendingPathComponent(name)
        if records {
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            try Data(masked.utf8).write(to: file)
            return
        }
        let recorded = try String(contentsOf: file, encoding: .utf8)
        #expect(
            masked == recorded,
            "\(name) differs from the recorded output: \(firstDifference(masked, recorded))",
            sourceLocation: sourceLocation
        )
    }

    /// The first line that differs, both ways, for the failure's message.
    static func firstDifference(_ actual: String, _ recorded: String) -> String {
        let left = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let right = recorded.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let now = index < left.count ? String(left[index]) : "(no line)"
            let then = index < right.count ? String(right[index]) : "(no line)"
            if now != then { return "line \(index + 1)\n  now:      \(now)\n  recorded: \(then)" }
        }
        return "(none)"
    }

    /// A fresh temporary folder for the length of `body`.
    static func withFolder<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-golden-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(folder)
    }

    /// A finished program's standard output and standard error, as one text with headings (both are interface).
    static func streams(_ finished: Finished) -> String {
        "exit status \(finished.status.map(String.init) ?? "signal")\n--- stdout\n\(finished.text)--- stderr\n"
            + finished.error
    }

    @Test("server text log, plain client and its transcript, ping text: one session, as recorded")
    func textSession() async throws {
        try await Self.withFolder { folder in
            let transcript = folder + "/run.jsonl"
            let long = String(repeating: "x", count: 1_234)
            let (run, server) = try await ShoutServerProcess.with { port, server in
                let udp = try await ProcessRunner.shout(
                    ["client", "127.0.0.1", "--port", "\(port)", "--udp", "--plain", "--transcript", transcript],
                    input: "hello\nstraße\n\(long)\n"
                )
                let tcp = try await ProcessRunner.shout(
                    ["client", "127.0.0.1", "--port", "\(port)", "--tcp", "--plain", "--transcript", transcript],
                    input: "hello, tcp\n"
                )
                let ping = try await ProcessRunner.shout(
                    ["ping", "127.0.0.1:\(port)", "--count", "3", "--interval", "0.05", "--timeout", "2"]
                )
                // The log's last line before the summary: the pinging peer counted as stopped.
                _ = try await server.line { $0.contains(" peer-stopped ") }
                return Run(port: port, outputs: [udp, tcp, ping])
            }
            try Self.expectRecorded("client-udp-plain.txt", Self.streams(run.outputs[0]), port: run.port)
            try Self.expectRecorded("client-tcp-plain.txt", Self.streams(run.outputs[1]), port: run.port)
            try Self.expectRecorded("ping-text.txt", Self.streams(run.outputs[2]), port: run.port)
            try Self.expectRecorded("server-log-text.txt", server.log, port: run.port)
            let records = try String(contentsOfFile: transcript, encoding: .utf8)
            try Self.expectRecorded("client-transcript.jsonl", records, port: run.port)
        }
    }

    @Test("server JSON log and ping JSON lines: one session, as recorded")
    func jsonSession() async throws {
        let (run, server) = try await ShoutServerProcess.with(["--log-format", "json"]) { port, server in
            _ = try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--plain"],
                input: "grüße\n"
            )
            let ping = try await ProcessRunner.shout(
                ["ping", "127.0.0.1", "--port", "\(port)", "--count", "2", "--interval", "0.05", "--json"]
            )
            _ = try await server.line { $0.contains("\"event\":\"peer-stopped\"") }
            return Run(port: port, outputs: [ping])
        }
        try Self.expectRecorded("ping-json.txt", Self.streams(run.outputs[0]), port: run.port)
        try Self.expectRecorded("server-log-json.txt", server.log, port: run.port)
    }

    @Test("check against shout server, text and JSON, as recorded")
    func checkShoutServer() async throws {
        let run = try await ShoutServerProcess.with { port, _ in
            let text = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)"])
            let json = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--json"])
            return Run(port: port, outputs: [text, json])
        }.result
        try Self.expectRecorded("check-shout-text.txt", Self.streams(run.outputs[0]), port: run.port)
        try Self.expectRecorded("check-shout-json.txt", Self.streams(run.outputs[1]), port: run.port)
    }

    @Test("check against nothing listening, text and JSON, as recorded")
    func checkNothingListens() async throws {
        try await HeldPort.with(.refusingTCP) { port in
            let text = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--timeout", "0.3"])
            let json = try await ProcessRunner.shout(["check", "127.0.0.1:\(port)", "--timeout", "0.3", "--json"])
            try Self.expectRecorded("check-nothing-text.txt", Self.streams(text), port: port)
            try Self.expectRecorded("check-nothing-json.txt", Self.streams(json), port: port)
        }
    }

    @Test("check --client on the textbook UDP client, a TCP client that reads to the end and one that sends nothing")
    func checkClients() async throws {
        // Run from the peers' folder, so that the commands (and so the report) name no path of this machine.
        let clients = ["udp {port} textbook", "tcp {port} readall", "udp {port} wrong-port"].flatMap {
            ["--client", "python3 lab_clients.py " + $0]
        }
        var outputs: [Finished] = []
        for format in [[], ["--json"]] {
            outputs.append(
                try await ProcessRunner.run(
                    TestPaths.shout,
                    ["check"] + clients + ["--port", "0", "--timeout", "0.3"] + format,
                    workingDirectory: TestPaths.peers.path
                )
            )
        }
        try Self.expectRecorded("check-clients-text.txt", Self.streams(outputs[0]))
        try Self.expectRecorded("check-clients-json.txt", Self.streams(outputs[1]))
    }

    @Test("bench's table and JSON object: their layout as recorded (every figure masked)")
    func bench() async throws {
        let run = try await ShoutServerProcess.with { port, _ in
            let text = try await ProcessRunner.shout(["bench", "127.0.0.1:\(port)", "--duration", "0.5"])
            let json = try await ProcessRunner.shout(["bench", "127.0.0.1:\(port)", "--duration", "0.5", "--json"])
            return Run(port: port, outputs: [text, json])
        }.result
        let (text, json) = (Self.streams(run.outputs[0]), Self.streams(run.outputs[1]))
        try Self.expectRecorded("bench-text.txt", InterfaceOutputMask.figures(text, port: run.port), port: run.port)
        try Self.expectRecorded("bench-json.txt", InterfaceOutputMask.figures(json, port: run.port), port: run.port)
    }

    /// What a scenario ran against a server: the server's port (for the masks) and each program's output.
    struct Run: Sendable {
        var port: Int
        var outputs: [Finished]
    }
}

extension Finished {
    /// The lines printed, each ended by a newline, as a server's log reads.
    var log: String { lines.map { $0 + "\n" }.joined() }
}
