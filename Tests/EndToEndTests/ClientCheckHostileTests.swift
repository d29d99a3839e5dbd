import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile client programs and a class list: what a client prints never reaches the terminal raw, a flood of
/// datagrams or of output does not hang the grader, nothing a client leaves running survives it, and a class list
/// gives a block per client and a summary table.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ClientCheckHostileTests {
    private static func client(_ lab: String, _ defect: String, _ seconds: Double? = nil) -> String {
        ClientCheckCommandTests.client(lab, defect, seconds)
    }

    @Test("escape sequences, a flood of datagrams and 10 MB of output: escaped, bounded, and over in seconds")
    func hostile() async throws {
        let started = ContinuousClock.now
        let text = try await ProcessRunner.shout(
            [
                "check", "--client", Self.client("udp", "escape"), "--client", Self.client("udp", "flood"),
                "--client", Self.client("udp", "bigout"), "--port", "0", "--timeout", "0.3",
            ]
        )
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(!text.output.contains(0x1B), "an escape byte reached the output")
        #expect(!text.output.contains(0x07))
        // The flood is 5,001 datagrams; the grader's socket buffer may overflow before it reads them all (the kernel
        // drops what does not fit, on loopback too), so the count said is many, not exactly that.
        let flood = try #require(
            text.text.firstMatch(of: /it sent ([0-9,]+) datagrams where the textbook client sends one/),
            "\(text.text)"
        )
        #expect((Int(flood.1.filter(\.isNumber)) ?? 0) > 100, "\(text.text)")
        #expect(text.output.count < 20_000, "the 10 MB of output were not bounded")
        let json = try await ProcessRunner.shout(
            ["check", "--client", Self.client("udp", "escape"), "--port", "0", "--timeout", "0.3", "--json"]
        )
        #expect(json.text.contains("\\\\x1b[2J\\\\x1b]0;pwned\\\\x07THE QUICK BROWN FOX"), "\(json.text)")
    }

    @Test("a fork that outlives the client is ended with its process group")
    func fork() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-fork-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("pid").path
        let text = try await ProcessRunner.shout(
            ["check", "--client", Self.client("udp", "fork:" + pidFile), "--port", "0", "--timeout", "0.3"]
        )
        #expect(text.text.contains("passed"), "\(text.text)")
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)))
        #expect(try await Self.ends(pid), "the forked child \(pid) is still running")
    }

    @Test("Ctrl-C while a client runs: the client and its fork are ended, nothing half-judged is printed")
    func interrupted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-stop-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("pid").path
        let started = ContinuousClock.now
        // With a timeout of 10 s the first run alone would last 20 s after the reply.
        let (_, finished) = try await BackgroundProcess.with(
            TestPaths.shout,
            ["check", "--client", Self.client("udp", "fork:" + pidFile), "--port", "0", "--timeout", "10"]
        ) { _ in
            let deadline = ContinuousClock.now + .seconds(5)
            while !FileManager.default.fileExists(atPath: pidFile) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            // The pid is written after the file is made: wait for its digits.
            while (try? String(contentsOfFile: pidFile, encoding: .utf8))?.isEmpty != false,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(finished.status == 1)
        #expect(finished.error.contains("Stopped: 1 of 1 client program not graded."), "\(finished.error)")
        #expect(!finished.text.contains("udp-client."), "\(finished.text)")
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)))
        #expect(try await Self.ends(pid), "the forked child \(pid) is still running")
    }

    /// Whether process `pid` is gone (or a zombie its new parent has not reaped yet) within 3 s.
    static func ends(_ pid: Int32) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if !status.contains("State:") || status.contains("State:\tZ") { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("a class list: a block per client, a summary table, exit status 1 when one fails")
    func classList() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shout-class-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("clients.txt").path
        let lines = [
            "# the class", Self.client("udp", "timeout", 0.5), "", Self.client("tcp", "textbook") + "  # alice",
            Self.client("udp", "silent"),
        ]
        try lines.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let text = try await ProcessRunner.shout(
            ["check", "--clients-file", list, "--port", "0", "--timeout", "0.3"]
        )
        #expect(text.status == 1)
        let udp = try #require(text.lines.firstIndex { $0.hasPrefix("udp client ") }, "\(text.text)")
        #expect(text.lines[udp].hasSuffix("sent  printed  unicode  exits  lost-reply"))
        #expect(text.lines[udp + 2].hasSuffix("passed"))
        #expect(text.lines[udp + 3].hasSuffix("FAILED"))
        let tcp = try #require(text.lines.firstIndex { $0.hasPrefix("tcp client ") })
        #expect(text.lines[tcp].hasSuffix("sent  printed  unicode  split-reply  closes"))
        // tcp-client.closes is told by timing ("closes" or "exits"); the rest of the row is not.
        let tcpRow = text.lines[tcp + 2]
        #expect(
            tcpRow.hasSuffix("✗            closes  passed") || tcpRow.hasSuffix("✗            exits   passed"),
            "\(tcpRow)"
        )
        #expect(tcp == udp + 5)
        #expect(text.lines.filter { $0.hasPrefix("  passed") || $0.hasPrefix("  FAILED") }.count == 3)
    }

    @Test("the grader's port in use is one sentence and exit status 1")
    func portInUse() async throws {
        try await HeldPort.with(.listeningTCP) { port in
            let text = try await ProcessRunner.shout(
                ["check", "--client", Self.client("udp", "textbook"), "--port", String(port)]
            )
            #expect(text.status == 1)
            #expect(text.error.contains("Port \(port)/tcp is already in use"), "\(text.error)")
            #expect(text.text.isEmpty)
        }
    }
}
