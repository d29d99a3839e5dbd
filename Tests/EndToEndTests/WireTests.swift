import Foundation
import Testing

/// `shout server --headless --wire` through the built binary, as root, on a ``NetworkLab``: the segment lines of a
/// textbook exchange as the server's host sees them on the wire.
@Suite(
    .enabled(if: NetworkLab.isAvailable, "\(NetworkLab.needs)"),
    .serialized,
    .timeLimit(.minutes(2))
)
struct WireTests {
    /// One `segment` line of the JSON log.
    struct Segment {
        var transport: String
        var direction: String
        var peer: String
        var flags: String
        var seq: Int
        var ack: Int?
        var len: Int
        var text: String
        var retransmission: Bool
        var icmp: String
        var quoted: String

        init?(_ line: String) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["event"] as? String == "segment"
            else { return nil }
            transport = object["transport"] as? String ?? ""
            direction = object["direction"] as? String ?? ""
            peer = object["peer"] as? String ?? ""
            flags = object["flags"] as? String ?? ""
            seq = object["seq"] as? Int ?? -1
            ack = object["ack"] as? Int
            len = object["len"] as? Int ?? -1
            text = object["text"] as? String ?? ""
            retransmission = object["retransmission"] as? Bool ?? false
            icmp = object["icmp"] as? String ?? ""
            quoted =
                "\(object["quoted_transport"] as? String ?? "") \(object["quoted_source"] as? String ?? "") → "
                + "\(object["quoted_destination"] as? String ?? "")"
        }

        /// The sequence space it takes: its payload, and one each for SYN and FIN.
        var sequenceLength: Int { len + (flags.contains("SYN") ? 1 : 0) + (flags.contains("FIN") ? 1 : 0) }
    }

    /// Runs `shout server --headless --wire --log-format json` on `host` for the length of `body`.
    static func server<Result: Sendable>(
        on host: NetworkLab.Host,
        in lab: NetworkLab,
        _ arguments: [String] = [],
        _ body: @Sendable (BackgroundProcess) async throws -> Result
    ) async throws -> (result: Result, finished: Finished) {
        try await lab.shoutServer(on: host, ["--wire", "--log-format", "json"] + arguments, body)
    }

    /// The segments in `lines`.
    static func segments(_ lines: [String]) -> [Segment] { lines.compactMap(Segment.init) }

    /// Checks that a TCP exchange's numbers add up: every ack is the end (seq plus its sequence space) of a
    /// segment the peer sent before it.
    static func expectNumbersAddUp(_ segments: [Segment]) {
        var ends: [String: Set<Int>] = ["in": [], "out": []]
        for segment in segments {
            if let ack = segment.ack {
                let peer = segment.direction == "in" ? "out" : "in"
                #expect(ends[peer]!.contains(ack), "ack \(ack) of \(segment.flags) is no end the peer sent")
            }
            ends[segment.direction]!.insert(segment.seq + segment.sequenceLength)
        }
    }

    @Test("a textbook TCP client: SYN, SYN-ACK, ACK, the data both ways, both FINs, in order, numbers that add up")
    func tcpExchange() async throws {
        try await NetworkLab.with(hosts: 2) { lab in
            let (serverHost, clientHost) = (lab.hosts[0], lab.hosts[1])
            let (reply, finished) = try await Self.server(on: serverHost, in: lab) { server in
                let reply = try await lab.run(
                    on: clientHost,
                    ["python3", TestPaths.peer("tcp_client.py"), serverHost.address, "12000", "hello"]
                )
                _ = try await server.line { Segment($0).map { $0.flags == "ACK" && $0.ack == 7 } ?? false }
                return reply
            }
            #expect(reply.text == "HELLO")
            let tcp = Self.segments(finished.lines).filter { $0.transport == "tcp" }
            let words = tcp.map { "\($0.direction) \($0.flags)" + ($0.len > 0 ? " \($0.text)" : "") }
            let order = [
                "in SYN", "out SYN-ACK", "in ACK", "in PSH-ACK hello", "out PSH-ACK HELLO", "in FIN-ACK",
                "out FIN-ACK",
            ]
            let places = order.map { words.firstIndex(of: $0) }
            #expect(!places.contains(nil), "\(words)")
            #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted(), "\(words)")
            #expect(tcp.first.map { ($0.seq, $0.ack) } ?? (-1, nil) == (0, nil))
            #expect(tcp.allSatisfy { $0.peer.hasPrefix(clientHost.address + ":") })
            #expect(!tcp.contains { $0.retransmission }, "\(words)")
            Self.expectNumbersAddUp(tcp)
            let hello = try #require(tcp.first { $0.text == "hello" })
            #expect((hello.seq, hello.ack, hello.len) == (1, 1, 5))
        }
    }

    @Test("a UDP exchange: two datagrams and no setup")
    func udpExchange() async throws {
        try await NetworkLab.with(hosts: 2) { lab in
            let (serverHost, clientHost) = (lab.hosts[0], lab.hosts[1])
            let (reply, finished) = try await Self.server(on: serverHost, in: lab) { server in
                let reply = try await lab.run(
                    on: clientHost,
                    ["python3", TestPaths.peer("udp_client.py"), serverHost.address, "12000", "hello"]
                )
                _ = try await server.line { Segment($0).map { $0.direction == "out" } ?? false }
                // A moment for anything else the exchange might put on the wire (there is nothing).
                _ = try? await server.line(within: .milliseconds(300)) { _ in false }
                return reply
            }
            #expect(reply.text == "HELLO")
            let segments = Self.segments(finished.lines)
            #expect(
                segments.map { "\($0.transport) \($0.direction) \($0.len) \($0.text)" } == [
                    "udp in 5 hello", "udp out 5 HELLO",
                ]
            )
        }
    }

    @Test("a datagram to a closed port draws ICMP port unreachable, and a connection to one RST")
    func closedPorts() async throws {
        try await NetworkLab.with(hosts: 2) { lab in
            let (serverHost, clientHost) = (lab.hosts[0], lab.hosts[1])
            let send = """
                import socket, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind(("0.0.0.0", 41881))
                s.sendto(b"anyone?", (sys.argv[1], 12000))
                """
            let (_, udpOff) = try await Self.server(on: serverHost, in: lab, ["--tcp"]) { server in
                _ = try await lab.run(on: clientHost, ["python3", "-c", send, serverHost.address])
                _ = try await server.line { Segment($0).map { $0.transport == "icmp" } ?? false }
            }
            let icmp = try #require(Self.segments(udpOff.lines).first { $0.transport == "icmp" })
            #expect(icmp.icmp == "port unreachable")
            #expect(icmp.direction == "out")
            #expect(icmp.peer == clientHost.address)
            #expect(icmp.quoted == "udp \(clientHost.address):41881 → \(serverHost.address):12000")
            let (refused, tcpOff) = try await Self.server(on: serverHost, in: lab, ["--udp"]) { server in
                let refused = try await lab.run(
                    on: clientHost,
                    ["python3", TestPaths.peer("tcp_client.py"), serverHost.address, "12000", "hello"]
                )
                _ = try await server.line { Segment($0).map { $0.flags.hasPrefix("RST") } ?? false }
                return refused
            }
            #expect(refused.error.contains("ConnectionRefusedError"))
            let tcp = Self.segments(tcpOff.lines).map { "\($0.direction) \($0.flags) \($0.seq) \($0.ack ?? -1)" }
            #expect(tcp == ["in SYN 0 -1", "out RST-ACK 0 1"])
        }
    }

    @Test("a data segment a firewall drops is sent again, and the second is named a retransmission")
    func retransmission() async throws {
        try await NetworkLab.with(hosts: 2) { lab in
            let (serverHost, clientHost) = (lab.hosts[0], lab.hosts[1])
            try await lab.dropFirstData(on: serverHost, port: 12000)
            let (reply, finished) = try await Self.server(on: serverHost, in: lab) { server in
                let reply = try await lab.run(
                    on: clientHost,
                    ["python3", TestPaths.peer("tcp_client.py"), serverHost.address, "12000", "hello", "5"]
                )
                _ = try await server.line { Segment($0).map { $0.direction == "out" && $0.text == "HELLO" } ?? false }
                return reply
            }
            #expect(reply.text == "HELLO")
            let hellos = Self.segments(finished.lines).filter { $0.text == "hello" }
            #expect(hellos.map { "\($0.seq) \($0.len) \($0.retransmission)" } == ["1 5 false", "1 5 true"])
        }
    }

    @Test("an interface that goes down while the capture runs does not keep its thread busy")
    func interfaceDown() async throws {
        try await NetworkLab.with(hosts: 2) { lab in
            let (serverHost, clientHost) = (lab.hosts[0], lab.hosts[1])
            for step in [
                ["link", "add", "spare0", "type", "veth", "peer", "name", "spare1"], ["link", "set", "spare0", "up"],
            ] {
                #expect(try await lab.run(on: serverHost, [NetworkLab.ip] + step).status == 0)
            }
            let (reply, _) = try await Self.server(on: serverHost, in: lab) { server in
                #expect(
                    try await lab.run(on: serverHost, [NetworkLab.ip, "link", "set", "spare0", "down"]).status == 0
                )
                let before = try Self.cpuTicks(of: server.pid)
                try await Task.sleep(for: .seconds(1))
                let spent = try Self.cpuTicks(of: server.pid) - before
                #expect(spent < 20, "the server took \(spent * 10) ms of CPU in a second of quiet")
                let reply = try await lab.run(
                    on: clientHost,
                    ["python3", TestPaths.peer("udp_client.py"), serverHost.address, "12000", "still"]
                )
                _ = try await server.line { Segment($0).map { $0.text == "STILL" } ?? false }
                return reply
            }
            #expect(reply.text == "STILL")
        }
    }

    /// The CPU time process `pid` has used (user and system), in clock ticks (10 ms).
    static func cpuTicks(of pid: Int32) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The fields after the command's name, which is in parentheses and may hold spaces.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    @Test("IPv6 on loopback: each segment once, the handshake and the data, numbers that add up")
    func ipv6Loopback() async throws {
        try await NetworkLab.with(hosts: 1) { lab in
            let host = lab.hosts[0]
            let (reply, finished) = try await Self.server(on: host, in: lab) { server in
                let reply = try await lab.run(
                    on: host,
                    ["python3", TestPaths.peer("tcp_client.py"), "::1", "12000", "hello"]
                )
                _ = try await server.line { Segment($0).map { $0.flags == "ACK" && $0.ack == 7 } ?? false }
                _ = try await lab.run(on: host, ["python3", TestPaths.peer("udp_client.py"), "::1", "12000", "hi"])
                _ = try await server.line { Segment($0).map { $0.text == "HI" } ?? false }
                return reply
            }
            #expect(reply.text == "HELLO")
            let segments = Self.segments(finished.lines)
            let tcp = segments.filter { $0.transport == "tcp" }
            #expect(tcp.filter { $0.flags == "SYN" }.count == 1, "loopback's two copies of a packet are one line")
            #expect(tcp.allSatisfy { $0.peer.hasPrefix("[::1]:") })
            #expect(tcp.contains { $0.direction == "in" && $0.text == "hello" })
            #expect(tcp.contains { $0.direction == "out" && $0.text == "HELLO" })
            Self.expectNumbersAddUp(tcp)
            #expect(
                segments.filter { $0.transport == "udp" }.map { "\($0.direction) \($0.text)" } == ["in hi", "out HI"]
            )
        }
    }
}

/// The Wire pane of `shout demo --wire` in a real terminal (tmux), as root: what a class sees on the projector.
@Suite(
    .enabled(if: getuid() == 0, "needs root (CAP_NET_RAW for --wire); CI runs it"),
    .serialized,
    .timeLimit(.minutes(2))
)
struct WirePaneTests {
    @Test(
        "shout demo --wire: w shows a TCP line's handshake, data and FINs, then a UDP line's two datagrams; the client half its own"
    )
    func demo() async throws {
        try await TmuxSession.with(width: 120, height: 35) { session, _ in
            try await session.run("shout demo --wire --port 0")
            try await session.waitFor { $0.contains { $0.contains("▶ CLIENT: keys here ◀") } }
            try await session.press("F6")
            try await session.waitFor(text: "▶ SERVER: keys here ◀")
            try await session.press("w")
            try await session.waitFor(text: "Wire · w: Received/Replies")
            try await session.press("F6")
            try await session.waitFor(text: "▶ CLIENT: keys here ◀")
            try await session.press("F2")
            try await session.waitFor(text: "connected to")
            try await session.type("over tcp")
            try await session.press("Enter")
            try await session.waitFor(text: "PSH-ACK 9 B \"OVER TCP\\n\"")
            try await session.press("F2")
            try await session.waitFor(text: "FIN-ACK seq 10 ack 11")
            try await session.type("and udp")
            try await session.press("Enter")
            let whole = try await session.waitFor {
                DemoTUITests.clientSide($0).contains { $0.contains("← AND UDP") }
                    && DemoTUITests.clientSide($0).contains { $0.contains("← 7 B \"AND UDP\"") }
                    && DemoTUITests.serverSide($0).contains { $0.contains("← 7 B \"AND UDP\"") }
            }
            let screen = DemoTUITests.serverSide(whole)
            let wire = screen.filter { $0.contains(" tcp :") || $0.contains(" udp :") }
            let words = [
                "→ SYN seq 0", "← SYN-ACK seq 0 ack 1", "→ ACK seq 1 ack 1", "→ PSH-ACK 9 B \"over tcp\\n\" seq 1",
                "← PSH-ACK 9 B \"OVER TCP\\n\" seq 1", "→ FIN-ACK seq 10 ack 10", "← FIN-ACK seq 10 ack 11",
                "→ ACK seq 11 ack 11", "→ 7 B \"and udp\"", "← 7 B \"AND UDP\"",
            ]
            let places = words.map { word in wire.firstIndex { $0.contains(word) } }
            #expect(!places.contains(nil), "\(wire.joined(separator: "\n"))")
            #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted(), "\(wire.joined(separator: "\n"))")
            // The client's half (34 rows tall) shows its own packets among its lines: the handshake before the
            // line, the FINs after the switch, the datagrams before the reply.
            let client = DemoTUITests.clientSide(whole)
            let clientPlaces = [
                "≈ tcp :", "→ SYN seq 0", "connected to", "→ over tcp", "← OVER TCP", "switched to UDP", "→ FIN-ACK",
                "→ and udp", "≈ udp :", "← AND UDP",
            ].map { word in client.firstIndex { $0.contains(word) } }
            #expect(!clientPlaces.contains(nil), "\(client.joined(separator: "\n"))")
            let clientOrder = clientPlaces.compactMap { $0 }
            #expect(clientOrder == clientOrder.sorted(), "\(client.joined(separator: "\n"))")
            #expect(TmuxSession.showsBorders(try await session.screen()))
        }
    }
}

/// `--wire` without CAP_NET_RAW (as root, the capability is taken away with setpriv): one sentence, and the server
/// serves on.
@Suite(.timeLimit(.minutes(1)))
struct WireWithoutCapabilityTests {
    static let setpriv = "/usr/bin/setpriv"

    @Test(
        "without CAP_NET_RAW, --wire says in one line what it needs and how to grant it, and the server serves on",
        .enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: setpriv), "needs setpriv as root")
    )
    func withoutCapability() async throws {
        let server = [TestPaths.shout, "server", "--headless", "--wire", "--port", "0"]
        let command =
            getuid() == 0 ? [Self.setpriv, "--bounding-set=-net_raw", "--inh-caps=-net_raw"] + server : server
        let (reply, finished) = try await BackgroundProcess.with(command[0], Array(command.dropFirst())) { process in
            let listening = try await process.line { $0.contains("listening udp") }
            let port = try #require(listening.split(separator: ":").last.map(String.init))
            return try await ProcessRunner.peer("udp_client.py", ["127.0.0.1", port, "hello"])
        }
        #expect(reply.text == "HELLO")
        let sentence =
            "--wire shows the segments only with CAP_NET_RAW: run as root, or grant it once with sudo setcap "
            + "cap_net_raw+ep \"$(command -v shout)\"; the server runs on without them."
        #expect(finished.error.split(separator: "\n").map(String.init) == [sentence])
        #expect(!finished.lines.contains { $0.contains("segment") })
        #expect(finished.lines.contains { $0.contains("received udp") })
    }
}
