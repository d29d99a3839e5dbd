import Foundation
import Testing

/// Backpressure through the built binary: a TCP peer that sends without ever reading makes the server stop reading
/// from it, so what the server takes and holds stays bounded; another peer is served meanwhile; once the peer
/// reads, the server reads again.
@Suite(.timeLimit(.minutes(1)))
struct BackpressureRuleTests {
    /// Pushes up to 64 MiB on a connection that does not read until no byte has gone out for a second; then asks
    /// on a second connection; then reads on the first and pushes again. Prints one JSON object.
    static let script = """
        import json, select, socket, sys, time
        port, pid = int(sys.argv[1]), int(sys.argv[2])
        def rss_kib():
            with open(f"/proc/{pid}/status") as f:
                return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        rss_before = rss_kib()
        pusher = socket.create_connection(("127.0.0.1", port))
        pusher.setblocking(False)
        chunk = b"a" * 65536
        pushed = 0
        deadline = time.time() + 20
        while pushed < 64 << 20 and time.time() < deadline:
            if not select.select([], [pusher], [], 1.0)[1]:
                break  # a second without room to write: the server has stopped reading
            try:
                pushed += pusher.send(chunk)
            except BlockingIOError:
                pass
        stalled = pushed < 64 << 20
        rss_stalled = rss_kib()
        other = socket.create_connection(("127.0.0.1", port), timeout=5)
        other.sendall(b"still here")
        other_reply = other.recv(1024).decode()
        other.close()
        # Now read: the server's replies drain, it reads again, and the pusher has room to write again.
        read = more = 0
        resume_deadline = time.time() + 10
        while more == 0 and time.time() < resume_deadline:
            readable, writable, _ = select.select([pusher], [pusher], [], 1.0)
            if readable:
                read += len(pusher.recv(1 << 20))
            if writable:
                try:
                    more += pusher.send(chunk)
                except BlockingIOError:
                    pass
        print(json.dumps(dict(pushed=pushed, stalled=stalled, rss_growth_kib=rss_stalled - rss_before,
                              other_reply=other_reply, read=read, resumed=more > 0)))
        """

    @Test("a peer that pushes 64 MiB and never reads is stopped below 32 MiB; others are served; it resumes on reading")
    func nonReadingPeer() async throws {
        let (output, finished) = try await ShoutServerProcess.with(["--tcp-only"]) { port, server in
            let run = try await ProcessRunner.run(
                "/usr/bin/env",
                ["python3", "-c", Self.script, "\(port)", "\(server.pid)"]
            )
            #expect(run.status == 0, "\(run.error)")
            return run.output
        }
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any],
            "\(String(decoding: output, as: UTF8.self))"
        )
        let pushed = try #require(result["pushed"] as? Int)
        #expect(result["stalled"] as? Bool == true, "\(result)")
        #expect(pushed < 32 << 20, "the server took \(pushed) bytes from a peer that never reads")
        // The server's own buffers for that peer: a 64 KiB write buffer and four reads (the rest is kernel buffers).
        let growth = try #require(result["rss_growth_kib"] as? Int)
        #expect(growth < 16 * 1024, "the server grew by \(growth) KiB")
        #expect(result["other_reply"] as? String == "STILL HERE", "\(result)")
        #expect(result["resumed"] as? Bool == true, "\(result)")
        // The server's totals agree: it received no more than the peer pushed, plus the other peer's line.
        let summary = finished.lines.last ?? ""
        let received = summary.split(separator: "(").dropFirst().first?.prefix { $0.isNumber }
        let bytesIn = try #require(received.flatMap { Int($0) }, "\(summary)")
        #expect(bytesIn <= pushed + 65_536 * 16 + 10, "\(summary), pushed \(pushed)")
    }
}
