import Foundation
import Testing

/// A server out of file descriptors, through the built binary: the connections it cannot accept wait in the queue,
/// the server says why once a pause, does not spin on the queue, keeps answering UDP, and accepts again once
/// descriptors are free.
@Suite(.timeLimit(.minutes(1)))
struct DescriptorLimitTests {
    /// Opens 60 connections and keeps them; reads the server's CPU time over a second; asks over UDP; closes the
    /// connections; then asks on a new connection. Prints one JSON object.
    static let script = """
        import json, os, socket, sys, time
        port, pid = int(sys.argv[1]), int(sys.argv[2])
        def cpu_seconds():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        held = []
        for _ in range(60):
            s = socket.socket()
            s.connect(("127.0.0.1", port))  # completes in the kernel's queue whether or not the server accepts
            held.append(s)
        time.sleep(0.3)
        before, started = cpu_seconds(), time.time()
        time.sleep(1.0)
        busy = (cpu_seconds() - before) / (time.time() - started)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.settimeout(1)
        udp_reply = None
        for _ in range(5):  # (a datagram may be lost; five in five seconds are not)
            udp.sendto(b"still here", ("127.0.0.1", port))
            try:
                udp_reply = udp.recv(100).decode()
                break
            except socket.timeout:
                pass
        for s in held:
            s.close()
        after = socket.create_connection(("127.0.0.1", port), timeout=5)
        after.sendall(b"after")
        tcp_reply = after.recv(100).decode()
        print(json.dumps({"busy": busy, "udp": udp_reply, "tcp": tcp_reply}))
        """

    @Test("with 40 descriptors and 60 connections: a line says why, no spin, UDP answered, TCP accepted once freed")
    func outOfDescriptors() async throws {
        let (text, finished) = try await BackgroundProcess.with(
            "/bin/bash",
            ["-c", "ulimit -n 40 && exec \"$0\" server --headless --port 0", TestPaths.shout]
        ) { server in
            let listening = try await server.line { $0.contains("listening udp") }
            let port = try #require(listening.split(separator: ":").last.flatMap { Int($0) })
            let run = try await ProcessRunner.run(
                "/usr/bin/env",
                ["python3", "-c", Self.script, "\(port)", "\(server.pid)"]
            )
            #expect(run.status == 0, "\(run.error)\n\(server.lines.suffix(8).joined(separator: "\n"))")
            _ = try await server.line { $0.contains("cannot accept a connection: too many open files") }
            return run.text
        }
        let report = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        #expect((report["busy"] as? Double ?? 1) < 0.3, "the server spun on its accept queue: \(report)")
        #expect(report["udp"] as? String == "STILL HERE")
        #expect(report["tcp"] as? String == "AFTER")
        #expect(finished.lines.contains { $0.contains("accepting again in 100 ms") }, "\(finished.lines.suffix(5))")
    }
}
