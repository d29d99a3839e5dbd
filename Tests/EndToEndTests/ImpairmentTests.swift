import Foundation
import Testing

/// `--delay` and `--jitter` through the built binary: held replies all go out, each to the socket that asked, and
/// jitter reorders them.
@Suite(.timeLimit(.minutes(1)))
struct ImpairmentTests {
    /// Sends 20 numbered datagrams from each of two sockets back to back, then reads every reply; prints one JSON
    /// object with each socket's replies in the order they came, and the time the last one took.
    static let script = """
        import json, socket, sys, time
        port = int(sys.argv[1])
        sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
        started = time.time()
        for n in range(20):
            for i, s in enumerate(sockets):
                s.sendto(f"socket {i} line {n}".encode(), ("127.0.0.1", port))
        replies = []
        for s in sockets:
            s.settimeout(3)
            got = []
            try:
                while len(got) < 20:
                    got.append(s.recv(100).decode())
            except socket.timeout:
                pass
            replies.append(got)
        print(json.dumps({"replies": replies, "seconds": time.time() - started}))
        """

    @Test("--delay 100 --jitter 200: every reply comes, to its own socket, after 100 ms or more, and not in order")
    func delayAndJitter() async throws {
        let (text, finished) = try await ShoutServerProcess.with(["--delay", "100", "--jitter", "200"]) { port, _ in
            let run = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", Self.script, "\(port)"])
            #expect(run.status == 0, "\(run.error)")
            return run.text
        }
        let report = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        let replies = try #require(report["replies"] as? [[String]], "\(text)")
        for (index, got) in replies.enumerated() {
            let expected = (0..<20).map { "SOCKET \(index) LINE \($0)" }
            #expect(Set(got) == Set(expected), "socket \(index): \(got)")
            #expect(got != expected, "20 replies with up to 200 ms of jitter each came in the order sent")
        }
        #expect((report["seconds"] as? Double ?? 0) >= 0.1)
        #expect(finished.lines.last?.hasPrefix("stopped: received 40 (") == true, "\(finished.lines.suffix(2))")
        #expect(finished.lines.last?.contains("replied 40 (") == true)
    }
}
