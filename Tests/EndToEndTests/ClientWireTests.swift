import Foundation
import Testing

/// `shout client --wire` through the built binary in a real terminal (tmux), as root: the client's own segments among
/// its lines, where a student reads them.
@Suite(
    .enabled(if: getuid() == 0, "needs root (CAP_NET_RAW for --wire); CI runs it"),
    .serialized,
    .timeLimit(.minutes(2))
)
struct ClientWireTests {
    /// The transcript's rows (inside the border), from the first to the input line.
    static func transcript(_ screen: [String]) -> [String] {
        Array(screen.dropFirst().prefix { !$0.hasPrefix("├") })
    }

    /// The index of the first row containing each of `words`, nil for one no row contains.
    static func places(of words: [String], in rows: [String]) -> [Int?] {
        words.map { word in rows.firstIndex { $0.contains(word) } }
    }

    /// Expects every one of `words` in `rows`, in that order.
    static func expectInOrder(_ words: [String], in rows: [String]) {
        let places = places(of: words, in: rows)
        #expect(!places.contains(nil), "\(rows.joined(separator: "\n"))")
        #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted(), "\(rows.joined(separator: "\n"))")
    }

    @Test("a line over TCP: SYN, SYN-ACK, ACK before it, its data before the reply; /udp: the FINs; nobody else's")
    func tcpThenUDP() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            try await TmuxSession.with(width: 120, height: 35) { session, _ in
                try await session.run("shout client 127.0.0.1 --port \(port) --tcp --wire")
                try await session.waitFor(text: "connected to 127.0.0.1:\(port) over TCP")
                // Another client of the same server, on the same machine: the capture sees it, the client does not
                // show it.
                let other = try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", "\(port)", "someone else"])
                #expect(other.text == "SOMEONE ELSE")
                try await session.type("hello")
                try await session.press("Enter")
                // The capture's thread may hand a packet on a frame after the reply's report: both are waited for.
                var rows = Self.transcript(
                    try await session.waitFor {
                        $0.contains { $0.contains("← HELLO") } && $0.contains { $0.contains("← PSH-ACK 6 B") }
                    }
                )
                Self.expectInOrder(
                    [
                        "≈ tcp :", "→ SYN seq 0", "← SYN-ACK seq 0 ack 1", "→ ACK seq 1 ack 1", "connected to",
                        "→ hello", "→ PSH-ACK 6 B \"hello\\n\" seq 1 ack 1", "← PSH-ACK 6 B \"HELLO\\n\" seq 1 ack 7",
                        "← HELLO",
                    ],
                    in: rows
                )
                try await session.type("/udp")
                try await session.press("Enter")
                rows = Self.transcript(
                    try await session.waitFor { $0.contains { $0.contains("← FIN-ACK seq 7 ack 8") } }
                )
                Self.expectInOrder(["← HELLO", "switched to UDP", "→ FIN-ACK seq 7 ack 7", "← FIN-ACK"], in: rows)
                try await session.type("and udp")
                try await session.press("Enter")
                rows = Self.transcript(
                    try await session.waitFor {
                        $0.contains { $0.contains("← AND UDP") } && $0.contains { $0.contains("← 7 B \"AND UDP\"") }
                    }
                )
                Self.expectInOrder(
                    ["→ and udp", "≈ udp :", "→ 7 B \"and udp\"", "← 7 B \"AND UDP\"", "← AND UDP"],
                    in: rows
                )
                #expect(!rows.contains { $0.contains("someone else") || $0.contains("SOMEONE ELSE") }, "\(rows)")
                // Each packet once: loopback's two copies are one line.
                #expect(rows.filter { $0.contains("→ SYN seq 0") }.count == 1, "\(rows)")
                try await session.press("C-c")
            }
        }
    }

    @Test("a datagram to a closed UDP port (after /connect): the ICMP message itself, beside the loss it caused")
    func icmpPortUnreachable() async throws {
        // Held on TCP: nothing has the number on UDP, so the OS answers each datagram with port unreachable.
        try await HeldPort.with(.refusingTCP) { port in
            try await TmuxSession.with(width: 120, height: 35) { session, _ in
                // Started with another server's port: the capture follows /connect to the new one.
                try await session.run("shout client 127.0.0.1 --port 9 --wire")
                try await session.waitFor(text: "ready")
                try await session.type("/connect 127.0.0.1:\(port)")
                try await session.press("Enter")
                try await session.waitFor(text: "local port")
                try await session.waitFor { $0.contains { $0.contains("→ 127.0.0.1:\(port)") } }
                try await session.type("anyone?")
                try await session.press("Enter")
                let screen = try await session.waitFor {
                    $0.contains { $0.contains("ICMP port unreachable") } && $0.contains { $0.contains("no reply to") }
                }
                let rows = Self.transcript(screen)
                Self.expectInOrder(
                    ["→ anyone?", "→ 7 B \"anyone?\"", "ICMP port unreachable (udp 127.0.0.1:"],
                    in: rows
                )
                #expect(rows.contains { $0.contains("≈ icmp 127.0.0.1 ← ICMP port unreachable") }, "\(rows)")
                #expect(rows.contains { $0.contains(" → :\(port))") }, "\(rows)")
                try await session.press("C-c")
            }
        }
    }
}

/// `shout client --wire` without CAP_NET_RAW (as root, the capability is taken away with setpriv): one line saying
/// what it needs, and the client talks on.
@Suite(.timeLimit(.minutes(1)))
struct ClientWireWithoutCapabilityTests {
    static let sentence =
        "--wire shows the segments only with CAP_NET_RAW: run as root, or grant it once with sudo setcap "
        + "cap_net_raw+ep \"$(command -v shout)\"; the client runs on without them."

    /// The command line that runs `shout` without CAP_NET_RAW.
    static var withoutCapability: String {
        getuid() == 0 ? WireWithoutCapabilityTests.setpriv + " --bounding-set=-net_raw --inh-caps=-net_raw " : ""
    }

    static var canDrop: Bool {
        getuid() != 0 || FileManager.default.isExecutableFile(atPath: WireWithoutCapabilityTests.setpriv)
    }

    @Test("the screen: the sentence in one transcript line, and the line still gets its reply", .enabled(if: canDrop))
    func screen() async throws {
        _ = try await ShoutServerProcess.with { port, _ in
            // Wide enough for the sentence on one row.
            try await TmuxSession.with(width: 240, height: 30) { session, _ in
                try await session.run(Self.withoutCapability + "shout client 127.0.0.1 --port \(port) --wire")
                try await session.waitFor(text: "ready")
                try await session.type("hello")
                try await session.press("Enter")
                let screen = try await session.waitFor(text: "← HELLO")
                #expect(screen.filter { $0.contains("✗ " + Self.sentence) }.count == 1, "\(screen)")
                #expect(!screen.contains { $0.contains("≈") }, "\(screen)")
                try await session.press("C-c")
            }
        }
    }
}

/// `shout client --plain --wire`: the segments are the screen's; the plain client says so in one line and works as
/// ever (no capability needed).
@Suite(.timeLimit(.minutes(1)))
struct PlainClientWireTests {
    @Test("the plain client: one line on standard error says the segments are the screen's; the replies as ever")
    func plain() async throws {
        let ((), _) = try await ShoutServerProcess.with { port, _ in
            for transport in ["--udp", "--tcp"] {
                let run = try await ProcessRunner.shout(
                    ["client", "127.0.0.1", "--port", "\(port)", transport, "--plain", "--wire"],
                    input: "hello\nagain\n"
                )
                #expect(run.status == 0)
                #expect(run.lines == ["HELLO", "AGAIN"])
                #expect(
                    run.error.split(separator: "\n").map(String.init) == [
                        "--wire shows the segments on the client's screen only; the plain client runs on without them."
                    ]
                )
            }
        }
    }
}
