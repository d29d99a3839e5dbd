import Foundation
import Testing

/// The textbook clients against the real `shout server` binary on loopback.
@Suite(.timeLimit(.minutes(2)))
struct ServerCompatibilityTests {
    /// Each sentence and the reply the textbook server (Python's `str.upper()`) gives, written out scalar by scalar
    /// where it is not ASCII: ß becomes SS, the ligature ﬁ becomes FI, ŉ becomes ʼN (two scalars), ǆ its one
    /// capital Ǆ, ΐ three scalars (Ι, a diaeresis, an acute), the final ς the capital Σ.
    static let sentences: [(sent: String, expected: String)] = [
        ("hello there", "HELLO THERE"),
        ("stra\u{DF}e", "STRASSE"),
        ("\u{65E5}\u{672C}\u{8A9E}", "\u{65E5}\u{672C}\u{8A9E}"),
        ("emoji \u{1F600} ok", "EMOJI \u{1F600} OK"),
        ("\u{DC}n\u{EF}c\u{F6}d\u{E9} fa\u{E7}ade", "\u{DC}N\u{CF}C\u{D6}D\u{C9} FA\u{C7}ADE"),
        ("\u{FB01}ne \u{149} \u{1C6} \u{390} \u{3C2}", "FINE \u{2BC}N \u{1C4} \u{399}\u{308}\u{301} \u{3A3}"),
    ]

    @Test("textbook UDP and TCP clients get the upper-cased line, byte for byte")
    func textbookClients() async throws {
        let (_, finished) = try await ShoutServerProcess.with { port, server in
            for (sentence, reply) in Self.sentences {
                let expected = Array(reply.utf8)
                let udp = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", sentence])
                #expect(udp.output == expected, "UDP reply to \(sentence): \(udp.text) \(udp.error)")
                let tcp = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", sentence])
                #expect(tcp.output == expected, "TCP reply to \(sentence): \(tcp.text) \(tcp.error)")
            }
            _ = try await server.line { $0.contains("replied tcp") && $0.contains("ÜNÏCÖDÉ FAÇADE") }
        }
        #expect(finished.lines.contains { $0.contains("received udp 127.0.0.1:") && $0.contains("\"straße\"") })
        #expect(finished.lines.contains { $0.contains("replied udp 127.0.0.1:") && $0.contains("\"STRASSE\"") })
        #expect(finished.lines.contains { $0.contains("connected tcp 127.0.0.1:") })
        #expect(finished.lines.contains { $0.contains("closed tcp 127.0.0.1:") })
        #expect(
            finished.lines.last?.hasPrefix("stopped: received \(2 * Self.sentences.count) ") == true,
            "\(finished.lines.last ?? "")"
        )
        #expect(finished.status == 0)
    }

    @Test("the expected replies are what the textbook server's str.upper() gives")
    func expectationsArePython() async throws {
        let script = "import sys; print('\\n'.join(s.upper() for s in sys.argv[1:]))"
        let run = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", script] + Self.sentences.map(\.sent))
        #expect(run.status == 0, "\(run.error)")
        #expect(
            run.output == Array((Self.sentences.map(\.expected).joined(separator: "\n") + "\n").utf8),
            "\(run.text)"
        )
    }

    @Test("an empty datagram gets an empty reply, a 60,000-byte datagram its whole reply")
    func emptyAndLargeDatagrams() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            let empty = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "-"], input: [])
            #expect(empty.status == 0, "\(empty.error)")
            #expect(empty.output.isEmpty)
            let large = (0..<60_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            let reply = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "-"], input: large)
            #expect(reply.output.count == 60_000)
            let matches = reply.output == large.map { $0 - 0x20 }
            #expect(matches, "the reply differs from the upper-cased request")
        }
    }

    @Test("IPv6 loopback works for both transports")
    func ipv6Loopback() async throws {
        _ = try await ShoutServerProcess.with { port, server in
            let udp = try await ProcessRunner.peer("udp_client.py", ["::1", "\(port)", "six"])
            #expect(udp.text == "SIX", "\(udp.error)")
            let tcp = try await ProcessRunner.peer("tcp_client.py", ["::1", "\(port)", "six"])
            #expect(tcp.text == "SIX", "\(tcp.error)")
            _ = try await server.line { $0.contains("received udp [::1]:") }
        }
    }

    @Test("200 TCP connections open at once each get their own replies")
    func manyConnections() async throws {
        let (_, finished) = try await ShoutServerProcess.with { port, _ in
            let run = try await ProcessRunner.peer("many_tcp.py", ["127.0.0.1", "\(port)", "200"])
            #expect(run.text == "ok 200\n", "\(run.text) \(run.error)")
        }
        // The log lists what its event budget allows in a burst; the summary's totals are exact.
        #expect(finished.lines.last?.hasSuffix("TCP connections 200") == true, "\(finished.lines.last ?? "")")
    }

    @Test("--log-format json writes one object per line with stable fields; control characters are escaped")
    func jsonLog() async throws {
        let (_, finished) = try await ShoutServerProcess.with(["--log-format", "json"]) { port, server in
            _ = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "hi\u{1b}]0;pwned\u{07}"])
            _ = try await server.line { $0.contains("\"event\":\"replied\"") }
        }
        for line in finished.lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f })
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                "not JSON: \(line)"
            )
            #expect(object["event"] is String)
        }
        let received = try #require(finished.lines.first { $0.contains("\"event\":\"received\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(received.utf8)) as? [String: Any])
        #expect(object["transport"] as? String == "udp")
        #expect(object["bytes"] as? Int == 12)
        #expect(object["text"] as? String == "hi\u{1b}]0;pwned\u{07}")
        #expect((object["peer"] as? String)?.hasPrefix("127.0.0.1:") == true)
        #expect(finished.lines.last?.contains("\"event\":\"stopped\"") == true)
    }
}
