import Foundation
import Testing

/// `--rate-limit N` through the built binary: a flooding source address gets N replies a second, the rest are
/// dropped, logged as `rate-limited` and counted; another address is answered meanwhile.
@Suite(.timeLimit(.minutes(1)))
struct RateLimitRuleTests {
    /// Sends a burst of `count` datagrams from 127.0.0.1, then one from 127.0.0.2, and prints how many replies each
    /// address got (waiting for replies until none has come for half a second).
    static let script = """
        import socket, sys
        port, count = int(sys.argv[1]), int(sys.argv[2])
        flooder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        flooder.bind(("127.0.0.1", 0))
        other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        other.bind(("127.0.0.2", 0))
        for i in range(count):
            flooder.sendto(b"flood %d" % i, ("127.0.0.1", port))
        other.sendto(b"other", ("127.0.0.1", port))
        other.settimeout(5)
        other_replies = 1 if other.recvfrom(2048)[0] == b"OTHER" else 0
        flooder.settimeout(0.5)
        replies = 0
        try:
            while True:
                flooder.recvfrom(2048)
                replies += 1
        except socket.timeout:
            pass
        print(replies, other_replies)
        """

    @Test(
        "a burst of 20 from one address under --rate-limit 3: about 3 answered, the rest logged and counted",
        arguments: ["text", "json"]
    )
    func burst(format: String) async throws {
        let (counts, finished) = try await ShoutServerProcess.with(
            ["--host", "127.0.0.1", "--rate-limit", "3", "--log-format", format]
        ) { port, server in
            let run = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", Self.script, "\(port)", "20"])
            #expect(run.status == 0, "\(run.error)")
            let counts = run.text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            let limited = 20 - (counts.first ?? 0)
            // Every limited datagram is listed (the event budget is far above 21 datagrams).
            try await server.lines(atLeast: limited) { $0.contains("rate-limited") }
            return counts
        }
        // The bucket holds 3 and refills 3 a second: a burst within a fraction of a second gets 3, maybe a 4th.
        let replies = try #require(counts.first)
        #expect((3...4).contains(replies), "\(counts)")
        #expect(counts.last == 1, "the other address was not answered: \(counts)")
        let limited = finished.lines.filter { $0.contains("rate-limited") }
        #expect(limited.count == 20 - replies, "\(finished.lines)")
        if format == "json" {
            for line in limited {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(object["event"] as? String == "dropped")
                #expect(object["reason"] as? String == "rate-limited")
                #expect((object["peer"] as? String)?.hasPrefix("127.0.0.1:") == true)
            }
            let stopped = try #require(
                try JSONSerialization.jsonObject(with: Data((finished.lines.last ?? "").utf8)) as? [String: Any]
            )
            #expect(stopped["dropped"] as? Int == 20 - replies)
            #expect(stopped["replied"] as? Int == replies + 1)
        } else {
            #expect(limited.allSatisfy { $0.contains(" rate-limited udp 127.0.0.1:") }, "\(limited)")
            #expect(finished.lines.last?.contains("replied \(replies + 1) ") == true, "\(finished.lines.last ?? "")")
            #expect(finished.lines.last?.contains("dropped \(20 - replies),") == true, "\(finished.lines.last ?? "")")
        }
    }

    /// The release build, as `make install` installs it: `-O` once read every IPv4 sender's key as zeros, so one
    /// flooding address rate-limited every other (`swift test`'s debug binary never showed it).
    @Test(
        "the installed release binary: another address is still answered while one floods under --rate-limit",
        .enabled(if: InstalledShout.shouldRun, "needs make install's staged files (CI runs it)")
    )
    func releaseBinaryKeysEachAddress() async throws {
        let binary = try InstalledShout.path("bin/shout")
        let (counts, _) = try await ShoutServerProcess.with(
            ["--host", "127.0.0.1", "--rate-limit", "3"],
            binary: binary
        ) { port, _ in
            let run = try await ProcessRunner.run("/usr/bin/env", ["python3", "-c", Self.script, "\(port)", "20"])
            #expect(run.status == 0, "\(run.error)")
            return run.text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        }
        #expect((3...4).contains(counts.first ?? 0), "\(counts)")
        #expect(counts.last == 1, "the other address was not answered: \(counts)")
    }
}
