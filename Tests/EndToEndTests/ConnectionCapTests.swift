import Foundation
import Testing

/// `--max-connections N` through the built binary, under a burst of connects: exactly N are served at once, every
/// other connection is closed at once, counted and logged, and a served connection that closes frees its place.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionCapTests {
    /// Opens `count` connections at once (non-blocking connects, all started before any is waited for), then sends
    /// a line on each and prints how many got their reply, how many were closed without one, and how many neither
    /// within the deadline.
    static let burst = """
        import selectors, socket, sys, time
        port, count = int(sys.argv[1]), int(sys.argv[2])
        socks = []
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            socks.append(s)
        sel = selectors.DefaultSelector()
        for i, s in enumerate(socks):
            sel.register(s, selectors.EVENT_WRITE, i)
        deadline = time.time() + 10
        connected = 0
        while connected < count and time.time() < deadline:
            for key, _ in sel.select(timeout=0.5):
                sel.unregister(key.fileobj)
                connected += 1
        for i, s in enumerate(socks):
            try:
                s.send(b"line %d" % i)
            except OSError:
                pass
            sel.register(s, selectors.EVENT_READ, i)
        answered = closed = 0
        pending = count
        while pending > 0 and time.time() < deadline:
            for key, _ in sel.select(timeout=0.5):
                try:
                    data = key.fileobj.recv(1024)
                except OSError:
                    data = b""
                sel.unregister(key.fileobj)
                pending -= 1
                if data == b"LINE %d" % key.data:
                    answered += 1
                elif data == b"":
                    closed += 1
        print(answered, closed, pending)
        """

    /// Runs ``burst`` and returns (answered, closed, neither).
    static func connectAtOnce(_ count: Int, port: Int) async throws -> [Int] {
        let run = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", burst, "\(port)", "\(count)"])
        #expect(run.status == 0, "\(run.error)")
        return run.text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }

    @Test(
        "a burst of connects: exactly N are served, the rest closed at once, counted and logged; twice over",
        arguments: [(1, 8), (5, 20), (50, 60)]
    )
    func burstOverTheCap(cap: Int, clients: Int) async throws {
        let (_, finished) = try await ShoutServerProcess.with(["--tcp-only", "--max-connections", "\(cap)"]) {
            port,
            server in
            #expect(try await Self.connectAtOnce(clients, port: port) == [cap, clients - cap, 0])
            // The script has ended and closed every socket: once the server has seen the served ones close, their
            // places are free, and a second burst is served exactly as the first.
            try await server.lines(atLeast: cap) { $0.contains(" closed tcp ") }
            #expect(try await Self.connectAtOnce(clients, port: port) == [cap, clients - cap, 0])
        }
        let open = cap == 1 ? "1 connection is open" : "\(cap) connections are open"
        let refusals = finished.lines.filter { $0.contains("closed at once: \(open) (--max-connections)") }
        #expect(refusals.count == 2 * (clients - cap), "\(finished.lines)")
        #expect(
            finished.lines.last?.hasSuffix(
                "TCP connections \(2 * cap) (\(2 * (clients - cap)) refused at the connection cap)"
            ) == true,
            "\(finished.lines.last ?? "")"
        )
    }

    @Test("--log-format json: each refused connection is a problem event, and the stopped line counts them")
    func refusalsInJSON() async throws {
        let (_, finished) = try await ShoutServerProcess.with(
            ["--tcp-only", "--max-connections", "1", "--log-format", "json"]
        ) { port, _ in
            let counts = try await Self.connectAtOnce(4, port: port)
            #expect(counts == [1, 3, 0])
        }
        let objects = try finished.lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not JSON: \($0)")
        }
        let refusals = objects.filter {
            $0["event"] as? String == "problem"
                && ($0["message"] as? String)?.hasSuffix("closed at once: 1 connection is open (--max-connections)")
                    == true
        }
        #expect(refusals.count == 3, "\(finished.lines)")
        let stopped = try #require(objects.last)
        #expect(stopped["event"] as? String == "stopped")
        #expect(stopped["connections"] as? Int == 1)
        #expect(stopped["refused_connections"] as? Int == 3)
    }
}
