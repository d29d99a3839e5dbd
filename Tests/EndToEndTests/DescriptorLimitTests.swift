import Foundation
import Testing

/// A server under a small limit on open files, through the built binary: it closes the connections the limit
/// leaves no room for at once (counted and logged with the reason, as over `--max-connections`)
/// instead of running out of descriptors (a process at its last descriptor fails where it cannot report from: the
/// server once crashed so), does not spin, keeps answering UDP, and serves again once connections close.
@Suite(.timeLimit(.minutes(1)))
struct DescriptorLimitTests {
    /// Finds the server's UDP socket among its descriptors; opens 60 connections and keeps them; sends a byte on
    /// each and counts the replies; reads the server's CPU time over a second; asks over UDP; closes the
    /// connections and waits until the server has closed its ends; then asks on a new connection. Prints one JSON
    /// object.
    static let script = """
        import json, os, socket, sys, time
        port, pid = int(sys.argv[1]), int(sys.argv[2])
        def descriptors():
            folder = f"/proc/{pid}/fd"
            found = {}
            for name in os.listdir(folder):
                try:
                    found[int(name)] = os.readlink(f"{folder}/{name}")
                except OSError:
                    pass
            return found
        def udp_inode():
            for table in ("/proc/net/udp6", "/proc/net/udp"):
                for line in open(table).read().splitlines()[1:]:
                    fields = line.split()
                    if int(fields[1].split(":")[1], 16) == port:
                        return fields[9]
        inode = udp_inode()
        udp_descriptor = min(n for n, target in descriptors().items() if target == f"socket:[{inode}]")
        def sockets():
            return sum(target.startswith("socket:") for target in descriptors().values())
        listening = sockets()
        def cpu_seconds():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        held = []
        for _ in range(60):
            s = socket.socket()
            s.connect(("127.0.0.1", port))  # completes in the kernel's queue whether or not the server keeps it
            held.append(s)
        served = 0
        for s in held:
            s.settimeout(2)
            try:
                s.sendall(b"x")
                served += s.recv(10) == b"X"
            except OSError:
                pass  # closed at once by the server
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
        deadline = time.time() + 5
        while sockets() > listening and time.time() < deadline:
            time.sleep(0.005)
        settled = sockets() == listening
        after = socket.create_connection(("127.0.0.1", port), timeout=5)
        after.sendall(b"after")
        tcp_reply = after.recv(100).decode()
        print(json.dumps({
            "served": served, "busy": busy, "udp": udp_reply, "tcp": tcp_reply, "settled": settled,
            "udp_descriptor": udp_descriptor,
        }))
        """

    @Test("with 40 descriptors and 60 connections: a few served, the rest closed at once, no crash, no spin")
    func smallDescriptorLimit() async throws {
        let (text, finished) = try await BackgroundProcess.with(
            "/bin/bash",
            // Without the descriptors the test's own process left open (which vary with how it was started), the
            // server's are only its own.
            [
                "-c",
                "for fd in $(ls /proc/$$/fd); do [ $fd -gt 2 ] && eval \"exec $fd>&-\"; done; "
                    + "ulimit -n 40 && exec \"$0\" server --headless --port 0",
                TestPaths.shout,
            ]
        ) { server in
            let listening = try await server.line { $0.contains("listening udp") }
            let port = try #require(listening.split(separator: ":").last.flatMap { Int($0) })
            let run = try await ProcessRunner.run(
                "/usr/bin/env",
                ["python3", "-c", Self.script, "\(port)", "\(server.pid)"]
            )
            #expect(run.status == 0, "\(run.error)\n\(server.lines.suffix(8).joined(separator: "\n"))")
            return run.text
        }
        let report = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        let refused = finished.lines.filter { $0.contains(" closed at once: ") }
        let first = try #require(refused.first, "\(finished.lines.suffix(5))")
        let words = first.split(separator: " ")
        let cap = try #require(words.firstIndex(of: "once:").flatMap { Int(words[$0 + 1]) }, "\(first)")
        #expect(
            first.hasSuffix(
                "connections are open, as many as this process's limit of 40 open files leaves room for (ulimit -n)"
            )
        )
        // The rule (DescriptorBudget): the limit, less the descriptors open when the TCP loop started, less the 16
        // kept free. The UDP socket is the first descriptor the server opened after that (it binds UDP right after
        // the TCP loop is made), and the lowest one free then: every descriptor below it was open, none above.
        let udpDescriptor = try #require(report["udp_descriptor"] as? Int, "\(report)")
        #expect(cap == 40 - 16 - udpDescriptor, "\(report)")
        #expect(report["settled"] as? Bool == true, "the server still held connections 5 s after they closed")
        #expect(report["served"] as? Int == cap, "\(report)")
        #expect((report["busy"] as? Double ?? 1) < 0.3, "\(report)")
        #expect(report["udp"] as? String == "STILL HERE")
        #expect(report["tcp"] as? String == "AFTER")
        #expect(refused.count == 60 - cap)
        #expect(finished.status == 0, "the server ended on its own: \(finished.lines.suffix(3))")
        #expect(finished.lines.last?.contains("(\(60 - cap) refused at the connection cap)") == true)
    }
}
