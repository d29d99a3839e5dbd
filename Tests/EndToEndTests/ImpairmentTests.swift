import Foundation
import Testing

/// `--delay` and `--jitter` through the built binary: held replies all go out, each to the socket that asked, and
/// jitter reorders them.
@Suite(.timeLimit(.minutes(1)))
struct ImpairmentTests {
    /// Sends 20 numbered datagrams from each of two sockets back to back, then reads every reply as it comes;
    /// prints one JSON object with each socket's replies in the order they came, and how long each reply took from
    /// its own datagram's send (`waits`, in seconds, in the order the replies came).
    static let script = """
        import json, select, socket, sys, time
        port = int(sys.argv[1])
        sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
        sent = {}
        for n in range(20):
            for i, s in enumerate(sockets):
                text = f"socket {i} line {n}"
                sent[text.upper()] = time.monotonic()
                s.sendto(text.encode(), ("127.0.0.1", port))
        replies, waits = [[], []], []
        deadline = time.monotonic() + 3
        while len(waits) < 40 and time.monotonic() < deadline:
            ready, _, _ = select.select(sockets, [], [], max(0, deadline - time.monotonic()))
            for s in ready:
                got = s.recv(100).decode()
                waits.append(time.monotonic() - sent.get(got, 0))
                replies[sockets.index(s)].append(got)
        print(json.dumps({"replies": replies, "waits": waits}))
        """

    /// Sends `count` datagrams of `size` bytes, each once the server's socket has read the one before (its receive
    /// queue in /proc/net/udp6 or udp is empty), so the kernel drops none; prints how many it sent.
    static let floodScript = """
        import socket, sys, time
        port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        def queued():
            for table in ("/proc/net/udp6", "/proc/net/udp"):
                for line in open(table).read().splitlines()[1:]:
                    fields = line.split()
                    if int(fields[1].split(":")[1], 16) == port:
                        return int(fields[4].split(":")[1], 16)
            return 0
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for n in range(count):
            deadline = time.time() + 5
            while queued() > 0 and time.time() < deadline:
                time.sleep(0.0005)
            s.sendto(b"a" * size, ("127.0.0.1", port))
        print(count)
        """

    @Test("--delay: the replies held take at most their room; past it each datagram is dropped as held-full")
    func heldRepliesBounded() async throws {
        // 32 MiB of room at 60,000 + 192 bytes a reply: 557 held; 20 more are dropped.
        let (size, held, sent) = (60_000, 557, 577)
        let (text, finished) = try await ShoutServerProcess.with(["--delay", "30000"]) { port, _ in
            let run = try await ProcessRunner.run(
                "/usr/bin/env",
                ["python3", "-c", Self.floodScript, "\(port)", "\(sent)", "\(size)"]
            )
            #expect(run.status == 0, "\(run.error)")
            return run.text
        }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "\(sent)")
        let summary = finished.lines.last ?? ""
        #expect(summary.hasPrefix("stopped: received \(sent) ("), "\(summary)")
        #expect(summary.contains("replied 0 (0 B), dropped \(sent - held),"), "\(summary)")
        let heldFull = finished.lines.filter { $0.contains(" held-full udp 127.0.0.1:") }
        #expect(heldFull.count == sent - held, "\(finished.lines.suffix(3))")
    }

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
        // Each reply waits its 100 ms and up to 200 ms more: the shortest wait tells the delay (jitter alone would
        // make some of 40 replies wait less than 100 ms: of 40 draws from 0 to 200 ms, the least is 100 ms or more
        // in 1 of 10^12 runs), the spread tells the jitter. The upper bounds leave a busy machine room.
        let waits = try #require(report["waits"] as? [Double], "\(text)")
        #expect(waits.count == 40)
        let (shortest, longest) = (waits.min() ?? 0, waits.max() ?? 0)
        #expect(shortest >= 0.099 && shortest < 0.25, "the shortest reply came \(shortest) s after its datagram")
        #expect(longest < 0.3 + 0.4, "the longest reply came \(longest) s after its datagram")
        #expect(longest - shortest >= 0.05, "replies came \(shortest) to \(longest) s after their datagrams")
        #expect(finished.lines.last?.hasPrefix("stopped: received 40 (") == true, "\(finished.lines.suffix(2))")
        #expect(finished.lines.last?.contains("replied 40 (") == true)
    }
}
