import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `shout check --client` on the UDP Pinger lab's clients and its Heartbeat client, on hostile clients, and on a
/// class list: through the binary, on a port the system picks.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct ClientCheckLabTests {
    typealias Graded = ClientCheckCommandTests.Graded

    private func grade(_ arguments: [String], timeout: Double) async throws -> (finished: Finished, graded: [Graded]) {
        let finished = try await ProcessRunner.shout(
            ["check"] + arguments + ["--port", "0", "--timeout", String(timeout), "--json"]
        )
        #expect(
            !finished.lines.isEmpty,
            "no output; status \(String(describing: finished.status)), standard error: \(finished.error)"
        )
        let graded = try finished.lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return Graded(object: try #require(object as? [String: Any], "not an object: \(line)"))
        }
        return (finished, graded)
    }

    private static let pingerChecks: Set<String> = [
        "pinger.count", "pinger.format", "pinger.timeout", "pinger.reports-loss", "pinger.rtt", "pinger.late-reply",
        "pinger.summary", "pinger.bad-reply",
    ]

    @Test(
        "a good Pinger client passes every check, however it words its lines",
        arguments: ["good", "good-ms", "good-lines", "good-plain"]
    )
    func goodPinger(style: String) async throws {
        let (finished, graded) = try await grade(
            ["--client", ClientCheckCommandTests.client("pinger", style, 0.5)],
            timeout: 0.5
        )
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(finished.status == 0, "\(finished.text)")
        #expect(client.lab == "pinger")
        #expect(client.succeeded == Self.pingerChecks, "\(finished.text)")
        #expect(client.check("pinger.count")?["pings"] as? Double == 10)
    }

    @Test(
        "each broken Pinger client is told apart by the checks that fail, with its reason",
        arguments: [
            ("no-seq", ["pinger.late-reply", "pinger.reports-loss"], "pinger.late-reply", "took the late reply"),
            ("us-as-ms", ["pinger.rtt", "pinger.summary"], "pinger.rtt", "microseconds labelled as milliseconds"),
            // Whether a reply is read at all depends on when it lands, so only the required checks are compared.
            (
                "zero-timeout", ["pinger.timeout", "pinger.reports-loss", "pinger.rtt"], "pinger.timeout",
                "no wait for the reply"
            ),
            ("except-all", ["pinger.bad-reply"], "pinger.bad-reply", "reported it as a timeout"),
            ("avg-over-sent", ["pinger.summary"], "pinger.summary", "divides by the pings sent"),
        ]
    )
    func brokenPinger(defect: String, failing: [String], id: String, reason: String) async throws {
        let (finished, graded) = try await grade(
            ["--client", ClientCheckCommandTests.client("pinger", defect, 0.5)],
            timeout: 0.5
        )
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        if defect == "zero-timeout" {
            #expect(client.failedRequired == Set(failing), "\(finished.text)")
        } else {
            #expect(client.failed == Set(failing), "\(finished.text)")
        }
        #expect(client.detail(id).contains(reason), "\(client.detail(id))")
    }

    @Test("a Pinger client without settimeout hangs at the first dropped reply; the grader ends it and says so")
    func noSettimeout() async throws {
        let (finished, graded) = try await grade(
            ["--client", ClientCheckCommandTests.client("pinger", "no-settimeout", 0.5)],
            timeout: 0.3
        )
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(finished.status == 1)
        #expect(client.failed.isSuperset(of: ["pinger.timeout", "pinger.count"]), "\(finished.text)")
        #expect(client.detail("pinger.timeout").contains("without socket.settimeout(1) a lost reply hangs"))
        #expect(client.runs.first?["exit_status"] is NSNull)
        #expect(client.runs.first?["sent"] as? [String] != nil)
    }

    @Test("a good Heartbeat client passes; one whose recvfrom is outside its try dies at the first drop")
    func heartbeat() async throws {
        let (finished, graded) = try await grade(
            [
                "--client", ClientCheckCommandTests.client("heartbeat", "good", 0.15),
                "--client", ClientCheckCommandTests.client("heartbeat", "dies", 0.15),
            ],
            timeout: 0.3
        )
        #expect(finished.status == 1)
        let good = try #require(graded.first)
        let dies = try #require(graded.last)
        #expect(good.lab == "heartbeat")
        #expect(good.passed)
        #expect(
            good.succeeded == ["heartbeat.interval", "heartbeat.seq", "heartbeat.survives-drop"],
            "\(finished.text)"
        )
        #expect(good.detail("heartbeat.exits").hasPrefix("still running when the grader stopped it"))
        #expect((140...160).contains(good.check("heartbeat.interval")?["interval_ms"] as? Double ?? 0))
        #expect(dies.failed.contains("heartbeat.survives-drop"), "\(finished.text)")
        #expect(dies.detail("heartbeat.survives-drop").contains("TimeoutError"))
        #expect(dies.check("heartbeat.exits")?["exit_status"] as? Double == 1)
    }

    @Test("--lab names the lab: a UDP client graded as a Pinger fails the Pinger's checks")
    func namedLab() async throws {
        let (finished, graded) = try await grade(
            ["--client", ClientCheckCommandTests.client("udp", "timeout", 0.2), "--lab", "pinger"],
            timeout: 0.3
        )
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(client.lab == "pinger")
        #expect(client.failed.contains("pinger.count"))
        #expect(client.detail("pinger.format").contains("\"the quick brown fox\""))
    }
}
