import Foundation
import Testing

/// The textbook clients against the real `shout server` binary on loopback.
@Suite(.timeLimit(.minutes(2)))
struct ServerCompatibilityTests {
    static let sentences = ["hello there", "straße", "日本語", "emoji 😀 ok", "Ünïcödé façade"]

    @Test("textbook UDP and TCP clients get the upper-cased line, byte for byte")
    func textbookClients() async throws {
        let (_, finished) = try await ShoutServerProcess.with { port, server in
            for sentence in Self.sentences {
                let expected = Array(sentence.uppercased().utf8)
                let udp = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", sentence])
                #expect(udp.output == expected, "UDP reply to \(sentence): \(udp.text) \(udp.error)")
                let tcp = try await ProcessRunner.peer("tcp_client.py", ["127.0.0.1", "\(port)", sentence])
                #expect(tcp.output == expected, "TCP reply to \(sentence): \(tcp.text) \(tcp.error)")
            }
            #expect(Array("STRASSE".utf8) == Array("straße".uppercased().utf8))
            _ = try await server.line { $0.contains("replied tcp") && $0.contains("ÜNÏCÖDÉ FAÇADE") }
        }
        #expect(finished.lines.contains { $0.contains("received udp 127.0.0.1:") && $0.contains("\"straße\"") })
        #expect(finished.lines.contains { $0.contains("replied udp 127.0.0.1:") && $0.contains("\"STRASSE\"") })
        #expect(finished.lines.contains { $0.contains("connected tcp 127.0.0.1:") })
        #expect(finished.lines.contains { $0.contains("closed tcp 127.0.0.1:") })
        #expect(finished.lines.last?.hasPrefix("stopped: received 10 ") == true, "\(finished.lines.last ?? "")")
        #expect(finished.status == 0)
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
