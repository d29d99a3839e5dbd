import Foundation
import Testing

/// `shout client --transcript FILE` and `/save FILE.jsonl` with the real binary: the file holds one JSON object per
/// event, and says what the screen (or standard output) said. Also: switching away from TCP frees the textbook
/// server for other clients.
@Suite(.timeLimit(.minutes(2)))
struct ClientTranscriptTests {
    /// A fresh temporary folder for the length of `body`.
    static func withFolder<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-transcript-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(folder)
    }

    /// The file's lines, each parsed as one JSON object (fails on any line that is not one).
    static func records(in path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"), "every record ends its line")
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not an object: \(line)")
        }
    }

    static func events(_ records: [[String: Any]]) -> [String] {
        records.map { $0["event"] as? String ?? "?" }
    }

    @Test("plain mode against shout server, UDP then TCP: connect, then sent and reply with rtt_ms for every line")
    func plainAgainstShoutServer() async throws {
        try await Self.withFolder { folder in
            let path = folder + "/run.jsonl"
            _ = try await ShoutServerProcess.with { port, _ in
                for transport in ["--udp", "--tcp"] {
                    let run = try await ProcessRunner.shout(
                        ["client", "127.0.0.1", "--port", "\(port)", transport, "--plain", "--transcript", path],
                        input: "hello\nstraße\n"
                    )
                    #expect(run.text == "HELLO\nSTRASSE\n", "\(run.error)")
                    #expect(run.status == 0)
                }
            }
            let records = try Self.records(in: path)
            // Appended, not replaced: both runs are in the file.
            #expect(
                Self.events(records) == [
                    "connect", "sent", "reply", "sent", "reply", "connect", "sent", "reply", "sent", "reply",
                ]
            )
            #expect(
                records.map { $0["transport"] as? String } == Array(repeating: "udp", count: 5)
                    + Array(repeating: "tcp", count: 5)
            )
            #expect(records[5]["setup_ms"] is Double, "TCP connect has its handshake time")
            #expect(records[0]["setup_ms"] == nil, "UDP makes no connection")
            #expect((records[0]["local"] as? String)?.hasPrefix("127.0.0.1:") == true)
            for reply in records where reply["event"] as? String == "reply" {
                let rtt = try #require(reply["rtt_ms"] as? Double)
                #expect(rtt > 0 && rtt < 1000, "\(reply)")
            }
            #expect(
                records.compactMap { $0["text"] as? String } == [
                    "hello", "HELLO", "straße", "STRASSE", "hello", "HELLO", "straße", "STRASSE",
                ]
            )
            #expect(records[3]["bytes"] as? Int == 7)
            #expect(records[3]["request"] as? Int == 2 && records[4]["request"] as? Int == 2)
            #expect(records.allSatisfy { ($0["time"] as? String)?.hasSuffix("Z") == true })
        }
    }

    @Test("plain mode against a UDP server that never answers: each line is a lost event")
    func plainLost() async throws {
        try await Self.withFolder { folder in
            let path = folder + "/lost.jsonl"
            try await TextbookServerProcess.with("udp_server.py", ["--silent"]) { port in
                let run = try await ProcessRunner.shout(
                    ["client", "127.0.0.1", "--port", "\(port)", "--timeout", "0.2", "--plain", "--transcript", path],
                    input: "x\ny\n"
                )
                #expect(run.status == 1)
            }
            let records = try Self.records(in: path)
            #expect(Self.events(records) == ["connect", "sent", "lost", "sent", "lost"])
            #expect(records[2]["reason"] as? String == "timeout")
            #expect(records[2]["text"] as? String == "x")
            #expect(records[2]["request"] as? Int == 1)
            #expect(records[2]["rtt_ms"] == nil)
        }
    }

    @Test("plain mode with a transcript it cannot write: one sentence, exit status 1, nothing sent")
    func plainUnwritable() async throws {
        try await TextbookServerProcess.with("udp_server.py") { port in
            let run = try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--plain", "--transcript", "/nonexistent-dir/t.jsonl"])
            #expect(run.status == 1)
            #expect(run.output.isEmpty)
            #expect(
                run.error == "Error: Cannot write the transcript to /nonexistent-dir/t.jsonl: "
                    + "no such file or directory.\n"
            )
        }
    }

    @Test("the screen with --transcript: lines, /mark, F2 there and back, /save x.jsonl; the file says what it showed")
    func screenTranscript() async throws {
        try await Self.withFolder { folder in
            let path = folder + "/screen.jsonl"
            let saved = folder + "/x.jsonl"
            _ = try await ShoutServerProcess.with { port, server in
                try await ClientTUITests.withSession(width: 120, height: 40) { session, _ in
                    try await session.run(
                        "shout client 127.0.0.1 --port \(port) --transcript \(path)"
                    )
                    try await session.waitFor(text: "UDP 127.0.0.1:")
                    try await ClientTUITests.send("hello", in: session)
                    try await session.waitFor(text: "← HELLO")
                    try await ClientTUITests.send("/mark switching now", in: session)
                    try await session.waitFor(text: "── mark 1: switching now ──")
                    try await session.press("F2")
                    try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                    try await ClientTUITests.send("straße", in: session)
                    try await session.waitFor(text: "← STRASSE")
                    try await session.press("F2")
                    try await session.waitFor(text: "closed the TCP connection")
                    try await ClientTUITests.send("/save \(saved)", in: session)
                    let screen = try await session.waitFor(text: "saved ")

                    // Each step's records are written before the screen is drawn: what the screen showed is in the
                    // file already.
                    let final = try Self.records(in: path)
                    #expect(
                        Self.events(final) == [
                            "connect", "sent", "reply", "mark", "switch", "connect", "sent", "reply", "switch", "close",
                        ]
                    )
                    #expect(final.last?["reason"] as? String == "closed by client")
                    #expect(final.last?["transport"] as? String == "tcp")
                    #expect(final[3]["text"] as? String == "switching now")
                    #expect(final[3]["mark"] as? Int == 1)
                    // Each connect record's local address is the one the server saw the client's socket at.
                    let tcpLine = try await server.line { $0.contains(" connected tcp 127.0.0.1:") }
                    let tcpPeer = try #require(Self.word(after: " connected tcp ", in: tcpLine))
                    #expect(final[5]["local"] as? String == tcpPeer, "\(tcpLine)")
                    let udpLine = try await server.line { $0.contains(" received udp 127.0.0.1:") }
                    let udpPeer = try #require(Self.word(after: " received udp ", in: udpLine))
                    #expect(final[0]["local"] as? String == udpPeer, "\(udpLine)")
                    // The round-trip times in the file are the ones the screen showed.
                    for (text, transport) in [("HELLO", "udp"), ("STRASSE", "tcp")] {
                        let reply = try #require(
                            final.first {
                                $0["event"] as? String == "reply" && $0["text"] as? String == text
                            }
                        )
                        #expect(reply["transport"] as? String == transport)
                        let fileRTT = try #require(reply["rtt_ms"] as? Double)
                        let row = try #require(screen.first { $0.contains("← \(text)") })
                        let shown = try #require(Self.shownMilliseconds(in: row), "\(row)")
                        #expect(abs(shown - fileRTT) <= max(0.051, fileRTT * 0.05), "screen \(row), file \(fileRTT)")
                    }
                    // /save x.jsonl wrote the same records (the transcript so far).
                    let copy = try Self.records(in: saved)
                    #expect(Self.events(copy) == Self.events(final))
                    #expect(copy.map { $0["time"] as? String } == final.map { $0["time"] as? String })
                    try await session.press("C-c")
                }
            }
        }
    }

    /// The word that follows `marker` in `line` (a peer's `address:port` in a server log line).
    static func word(after marker: String, in line: String) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        return line[range.upperBound...].split(separator: " ").first.map(String.init)
    }

    /// The round-trip time shown at the end of a transcript row (`udp  0.6 ms`), in milliseconds.
    static func shownMilliseconds(in row: String) -> Double? {
        let words = row.split(separator: " ")
        guard let unitIndex = words.lastIndex(where: { $0 == "ms" || $0 == "s" }), unitIndex > 0,
            let value = Double(words[unitIndex - 1])
        else { return nil }
        return words[unitIndex] == "s" ? value * 1000 : value
    }

    @Test("the screen with a --transcript it cannot write: one clear line, and it goes on")
    func screenUnwritable() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await ClientTUITests.withSession { session, _ in
                try await session.run(
                    "shout client 127.0.0.1 --port \(port) --transcript /nonexistent-dir/t.jsonl"
                )
                let screen = try await session.waitFor(text: "Cannot write the transcript")
                #expect(
                    screen.contains {
                        $0.contains("✗ Cannot write the transcript to /nonexistent-dir/t.jsonl: no such file or")
                    }
                )
                try await ClientTUITests.send("still here", in: session)
                try await session.waitFor(text: "← STILL HERE")
                try await ClientTUITests.send("/save /nonexistent-dir/x.jsonl", in: session)
                try await session.waitFor(text: "cannot save to /nonexistent-dir/x.jsonl")
                try await session.press("C-c")
            }
        }
    }

    @Test("switching from TCP to UDP closes the connection, so the one-at-a-time textbook TCP server serves others")
    func switchFreesTextbookServer() async throws {
        try await TextbookServerProcess.with("tcp_server.py") { port in
            try await ClientTUITests.withSession { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --tcp")
                try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                // The textbook server is now waiting in recv() on the screen's idle connection.
                try await session.press("F2")
                try await session.waitFor(text: "closed the TCP connection")
                let other = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", "next student"])
                #expect(other.text == "NEXT STUDENT", "\(other.error)")
                try await session.press("C-c")
            }
        }
    }
}
