import Foundation
import Testing

/// Every command that talks to a server takes its target the same way, with the same checks and sentences.
@Suite("Target options")
struct TargetOptionsTests {
    @Test("client and bench refuse the same bad port and host with the same sentence", arguments: ["client", "bench"])
    func sameRules(command: String) async throws {
        let port = try await ProcessRunner.shout([command, "127.0.0.1", "--port", "0"])
        #expect(port.status == 64)
        #expect(port.error.hasPrefix("Error: --port must be from 1 to 65535."), "\(port.error)")
        let host = try await ProcessRunner.shout([command, "no such host!"])
        #expect(host.status == 64)
        #expect(host.error.hasPrefix("Error: 'no such host!' is not a host name or address."), "\(host.error)")
    }

    @Test("the host may name its port, for client and bench alike")
    func hostWithPort() async throws {
        // The number is held on TCP; on UDP nothing listens, so the OS answers at once.
        try await HeldPort.with(.refusingTCP) { port in
            let bench = try await ProcessRunner.shout(["bench", "127.0.0.1:\(port)", "--udp", "--duration", "5"])
            #expect(bench.error.contains("nothing listens on 127.0.0.1:\(port) over UDP"), "\(bench.error)")
            let client = try await ProcessRunner.shout(["client", "127.0.0.1:\(port)", "--plain"], input: "x\n")
            #expect(client.error.contains("lost: line 1 \"x\": port unreachable"), "\(client.error)")
        }
    }

    @Test(
        "a port in the target is called a bad port, not a bad host, by every command that takes a target",
        arguments: ["client", "ping", "check", "bench"]
    )
    func badPortInTarget(command: String) async throws {
        for (target, port) in [("localhost:70000", "70000"), ("localhost:0", "0"), ("127.0.0.1:99999", "99999")] {
            let finished = try await ProcessRunner.shout([command, target])
            #expect(finished.status == 64, "\(command) \(target): \(finished.error)")
            #expect(
                finished.error.hasPrefix("Error: '\(target)' names port \(port); a port must be from 1 to 65535."),
                "\(command) \(target): \(finished.error)"
            )
        }
        let named = try await ProcessRunner.shout([command, "localhost:echo"])
        #expect(
            named.error.hasPrefix("Error: 'localhost:echo': 'echo' is not a port number;"),
            "\(command): \(named.error)"
        )
    }

    /// The options whose value is text, not a number.
    static let textOptions: Set = [
        "host", "log-format", "loop", "transcript", "targets-file", "client", "clients-file", "lab",
    ]

    @Test("a negative number after any numeric option is read as that number and refused with a sentence about it")
    func negativeNumbers() async throws {
        let options = try await CommandTree.options().filter { !Self.textOptions.contains($0.name) }
        // Every numeric option the commands have today, so that one added later is covered too.
        #expect(options.count >= 20, "\(options)")
        for option in options {
            for value in ["-1", "-5"] {
                // `timeout` ends the command should it take the value and start (a server, a bench) after all.
                let finished = try await ProcessRunner.run(
                    "/usr/bin/env",
                    ["timeout", "10", TestPaths.shout, option.command, "--\(option.name)", value]
                )
                #expect(finished.status == 64, "\(option) \(value): \(finished.error)")
                let first = finished.error.split(separator: "\n").first.map(String.init) ?? ""
                #expect(first.hasPrefix("Error: --\(option.name) "), "\(option) \(value): \(first)")
                #expect(!first.contains("Missing value"), "\(option) \(value): \(first)")
            }
        }
    }
}
