import Foundation
import Testing

/// `shout check` against servers that drop datagrams on purpose, as the UDP Pinger lab's do: a lost datagram is
/// tried again before a check judges it, so the verdicts are the same run after run, and `udp.loss` reports what
/// was lost.
@Suite(.timeLimit(.minutes(1)))
struct CheckLossyServerTests {
    /// Each target's checks as `id passed` pairs, from `--json` (the verdicts, without the sentences, whose
    /// figures vary).
    static func verdicts(_ run: Finished) throws -> [[String]] {
        try run.lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let checks = try #require(object["checks"] as? [[String: Any]], "\(line)")
            return checks.map { "\($0["id"] ?? "?") \(($0["passed"] as? Bool).map { String($0) } ?? "-")" }
        }
    }

    @Test("shout server --drop 30, checked ten times at once: the same verdicts each time, every required check passed")
    func dropThirty() async throws {
        let (run, _) = try await ShoutServerProcess.with(["--host", "127.0.0.1", "--drop", "30"]) { port, _ in
            try await ProcessRunner.shout(
                ["check", "--udp", "--json", "--timeout", "0.3", "--parallel", "10"]
                    + Array(repeating: "127.0.0.1:\(port)", count: 10)
            )
        }
        let verdicts = try Self.verdicts(run)
        #expect(verdicts.count == 10, "\(run.text)")
        #expect(Set(verdicts).count == 1, "\(run.text)")
        #expect(verdicts.first?.filter { $0.hasSuffix(" false") } == [], "\(run.text)")
        #expect(run.status == 0, "\(run.text)")
        let losses = run.lines.filter { $0.contains("udp.loss") }
        #expect(losses.count == 10 && losses.allSatisfy { $0.contains("sent") && $0.contains("again") }, "\(losses)")
    }

    @Test("the lab's UDPPingerServer (4 in 11 dropped), seeded, checked four times: the same verdicts each time")
    func pingerServer() async throws {
        var all: [[String]] = []
        for seed in [1, 2, 3, 4] {
            let run = try await TextbookServerProcess.with("udp_pinger_server.py", ["--seed", "\(seed)"]) { port in
                try await ProcessRunner.shout(["check", "--udp", "--json", "--timeout", "0.3", "127.0.0.1:\(port)"])
            }
            all += try Self.verdicts(run)
        }
        #expect(all.count == 4)
        #expect(Set(all).count == 1, "\(all)")
        // It upper-cases bytes (ASCII only), and its recvfrom(1024) cuts the 2,000-byte sentence: the two checks
        // it fails, every time.
        #expect(all.first?.filter { $0.hasSuffix(" false") } == ["udp.unicode false", "udp.size false"], "\(all)")
    }
}
