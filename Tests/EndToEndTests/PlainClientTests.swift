import Foundation
import Testing

/// `shout client --plain` against the textbook servers and against `shout server`, on loopback.
@Suite(.timeLimit(.minutes(2)))
struct PlainClientTests {
    @Test("against the textbook UDP server: several lines in a row, each reply on its own line")
    func textbookUDPServer() async throws {
        try await TextbookServerProcess.with("udp_server.py") { port in
            let run = try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--plain"],
                input: "hello\nstraße\n日本語 😀\n"
            )
            #expect(run.text == "HELLO\nSTRASSE\n日本語 😀\n", "\(run.error)")
            #expect(run.status == 0)
        }
    }

    @Test("against the textbook TCP server, which closes after each reply: it reconnects for every line")
    func textbookTCPServer() async throws {
        try await TextbookServerProcess.with("tcp_server.py") { port in
            let run = try await ProcessRunner.shout(
                ["client", "localhost", "--port", "\(port)", "--tcp", "--plain"],
                input: "one\ntwo\nthree\nstraße\n"
            )
            #expect(run.text == "ONE\nTWO\nTHREE\nSTRASSE\n", "\(run.error)")
            #expect(run.status == 0)
        }
    }

    @Test("against shout server over both transports, IPv6 literal included")
    func againstShoutServer() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            for transport in ["--udp", "--tcp"] {
                let run = try await ProcessRunner.shout(
                    ["client", "::1", "--port", "\(port)", transport, "--plain"],
                    input: "a\nb\nc\n"
                )
                #expect(run.text == "A\nB\nC\n", "\(transport): \(run.error)")
                #expect(run.status == 0)
            }
        }
    }

    @Test("a UDP server that never answers: each loss reported on stderr, the client goes on, exit status 1")
    func lossIsReported() async throws {
        try await TextbookServerProcess.with("udp_server.py", ["--silent"]) { port in
            let run = try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--timeout", "0.2", "--plain"],
                input: "x\ny\n"
            )
            #expect(run.output.isEmpty)
            #expect(run.status == 1)
            let losses = run.error.split(separator: "\n")
            #expect(losses.count == 2, "\(run.error)")
            #expect(losses.first?.contains("lost: line 1 \"x\": no reply within 200 ms") == true)
        }
    }

    @Test("a refused TCP connection and an unknown host are one clear sentence and exit status 1")
    func connectionErrors() async throws {
        // A port held by a TCP socket that does not listen: connections to it are refused.
        let refused = try await HeldPort.with(.refusingTCP) { port in
            try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--tcp", "--plain"],
                input: "hi\n"
            )
        }
        #expect(refused.status == 1)
        #expect(refused.error.contains("refused; is a server running there?"), "\(refused.error)")
        #expect(refused.error.split(separator: "\n").count == 1)
        let unknown = try await ProcessRunner.shout(["client", "no-such-host.invalid", "--plain"], input: "hi\n")
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("Host 'no-such-host.invalid' not found"), "\(unknown.error)")
    }
}
