import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `shout check --client` through the binary, grading client programs the test starts (Tests/EndToEndTests/Peers/
/// lab_clients.py): the textbook UDP and TCP clients, Pinger and Heartbeat clients, and variants with one defect
/// each, told apart by the ids that fail. The grader listens on a port the system picks (`--port 0`); the clients
/// get it as `{port}`. Short timeouts keep each run to a few seconds.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ClientCheckCommandTests {
    /// One client's JSON object, read back.
    struct Graded {
        let object: [String: Any]
        var checks: [[String: Any]] { object["checks"] as? [[String: Any]] ?? [] }
        var runs: [[String: Any]] { object["runs"] as? [[String: Any]] ?? [] }
        var passed: Bool { object["passed"] as? Bool == true }
        var lab: String? { object["lab"] as? String }
        /// The ids of the checks that failed.
        var failed: Set<String> { ids { $0["passed"] as? Bool == false } }
        /// The ids of the required checks that failed.
        var failedRequired: Set<String> {
            ids { $0["passed"] as? Bool == false && $0["level"] as? String == "required" }
        }
        /// The ids of the checks that passed.
        var succeeded: Set<String> { ids { $0["passed"] as? Bool == true } }
        func check(_ id: String) -> [String: Any]? { checks.first { $0["id"] as? String == id } }
        func detail(_ id: String) -> String { check(id)?["detail"] as? String ?? "" }
        private func ids(_ test: ([String: Any]) -> Bool) -> Set<String> {
            Set(checks.filter(test).compactMap { $0["id"] as? String })
        }
    }

    /// The command line of a peer client.
    static func client(_ lab: String, _ defect: String, _ seconds: Double? = nil) -> String {
        "python3 " + TestPaths.peer("lab_clients.py") + " \(lab) {port} \(defect)" + (seconds.map { " \($0)" } ?? "")
    }

    /// Grades `clients` with `--json`, each `{port}` the grader's.
    private func grade(
        _ clients: [String],
        timeout: Double = 0.3,
        _ extra: [String] = []
    ) async throws -> (
        finished: Finished, graded: [Graded]
    ) {
        let arguments = clients.flatMap { ["--client", $0] }
        let finished = try await ProcessRunner.shout(
            ["check"] + arguments + ["--port", "0", "--timeout", String(timeout), "--json"] + extra
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

    @Test("the textbook UDPClient passes every required check and fails udp-client.lost-reply, as an extra")
    func textbookUDP() async throws {
        let (finished, graded) = try await grade([Self.client("udp", "textbook")])
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(finished.status == 0, "\(finished.text)")
        #expect(client.lab == "udp")
        #expect(client.passed)
        #expect(client.failed == ["udp-client.lost-reply"], "\(finished.text)")
        #expect(client.detail("udp-client.lost-reply").contains("waits for ever"))
        #expect(client.runs.map { $0["scenario"] as? String } == ["reply", "unicode", "lost-reply"])
        #expect(client.runs.first?["exit_status"] as? Int == 0)
        #expect(client.runs.last?["exit_status"] is NSNull, "the grader ended the lost-reply run")
        #expect(client.runs.first?["sent"] as? [String] == ["the quick brown fox"])
        #expect((client.runs.first?["printed"] as? String)?.contains("THE QUICK BROWN FOX") == true)
    }

    @Test("the textbook TCPClient passes the required checks; tcp-client.split-reply fails: it dies in decode()")
    func textbookTCP() async throws {
        let (finished, graded) = try await grade([Self.client("tcp", "textbook")])
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(finished.status == 0, "\(finished.text)")
        #expect(client.lab == "tcp")
        #expect(client.failed == ["tcp-client.split-reply"], "\(finished.text)")
        #expect(client.detail("tcp-client.split-reply").contains("died in decode()"))
        // Whether it closed before it exited is told by timing alone, which a busy machine blurs: only its shape.
        #expect(client.check("tcp-client.closes")?["closes_socket"] is Bool)
    }

    @Test("a UDP client with a timeout and a TCP client that reads until the close pass everything")
    func goodEchoClients() async throws {
        let (finished, graded) = try await grade([Self.client("udp", "timeout", 0.5), Self.client("tcp", "readall")])
        #expect(finished.status == 0, "\(finished.text)")
        #expect(graded.count == 2)
        for client in graded {
            #expect(client.passed)
            #expect(client.failed.isEmpty, "\(finished.text)")
        }
        #expect(graded.first?.detail("udp-client.lost-reply").contains("timed out") == true)
    }

    @Test(
        "each broken UDP or TCP client is told apart by the checks that fail, with its reason",
        arguments: [
            (
                "udp", "silent", ["udp-client.printed", "udp-client.unicode", "udp-client.lost-reply"],
                "udp-client.printed", "expects it to print the reply"
            ),
            (
                "udp", "bytes", ["udp-client.printed", "udp-client.unicode", "udp-client.lost-reply"],
                "udp-client.printed", "prints the bytes object"
            ),
            (
                "udp", "hang", ["udp-client.exits", "udp-client.lost-reply"], "udp-client.exits",
                "so the grader ended it"
            ),
            (
                "tcp", "bytes", ["tcp-client.printed", "tcp-client.unicode", "tcp-client.split-reply"],
                "tcp-client.printed", "prints the bytes object"
            ),
        ]
    )
    func brokenEcho(lab: String, defect: String, failing: [String], id: String, reason: String) async throws {
        let (finished, graded) = try await grade([Self.client(lab, defect)])
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(finished.status == 1)
        #expect(client.failed == Set(failing), "\(finished.text)")
        #expect(client.detail(id).contains(reason), "\(client.detail(id))")
    }

    @Test("the grader listens on ::1 too: UDP and TCP clients over IPv6 pass as over IPv4")
    func ipv6() async throws {
        let (finished, graded) = try await grade([Self.client("udp", "ipv6"), Self.client("tcp", "ipv6")])
        #expect(graded.map(\.lab) == ["udp", "tcp"], "\(finished.text)")
        #expect(graded.allSatisfy { $0.passed }, "\(finished.text)")
    }

    @Test("a trailing newline is named, not failed")
    func newline() async throws {
        let (finished, graded) = try await grade([Self.client("udp", "newline")])
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(client.passed, "\(finished.text)")
        #expect(client.detail("udp-client.sent").contains("with a line end"))
        #expect(client.detail("udp-client.sent").contains("\"the quick brown fox\\n\""))
    }

    @Test("a client that sends to another port: one sentence says the grader saw nothing, naming what it printed")
    func wrongPort() async throws {
        let (finished, graded) = try await grade([Self.client("udp", "wrong-port")])
        let client = try #require(graded.first, "status \(String(describing: finished.status)): \(finished.error)")
        #expect(finished.status == 1)
        #expect(!client.passed)
        #expect(client.object["lab"] is NSNull)
        let silent = try #require(client.object["silent"] as? String)
        #expect(silent.hasPrefix("sent nothing to port "), "\(silent)")
        #expect(silent.contains("serverName 'hostname'"))
        #expect(silent.contains("printed \"Input lowercase sentence:\""))
        let text = try await ProcessRunner.shout(
            ["check", "--client", Self.client("udp", "wrong-port"), "--port", "0", "--timeout", "0.2"]
        )
        #expect(text.lines.last == "  FAILED: sent nothing the grader could see", "\(text.text)")
    }
}
