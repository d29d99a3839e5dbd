import Foundation
import Synchronization

/// A real network for a test: hosts made of network namespaces, each with one interface (`eth0`, address
/// `10.199.0.N/24`) on a bridge that lives in a namespace of its own, and loss or a firewall on any host made with
/// nftables. Loopback never loses, reorders or refuses a packet; this does (no netem on this kernel, so no delay:
/// delay and reordering stay the server's own `--delay`/`--jitter`).
///
/// Needs root (CI runs as root) and `ip` and `nft`; tests that use it are enabled by ``isAvailable`` and say so.
/// Every address lives inside the lab's namespaces, nothing leaves them, and ``with(hosts:_:)`` removes them when
/// the test ends, also when it fails.
final class NetworkLab: Sendable {
    /// One host of the lab.
    struct Host: Sendable {
        /// Its namespace.
        let namespace: String
        /// Its address on the lab's network.
        let address: String
    }

    /// The hosts, in order: `hosts[0]` is 10.199.0.1, and so on.
    let hosts: [Host]
    private let bridge: String

    /// Whether this machine can make a lab: root, `ip` and `nft`.
    static let isAvailable: Bool = {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: ip)
            && FileManager.default.isExecutableFile(atPath: nft)
    }()

    /// The one line a test says when it is skipped for want of a lab.
    static let needs = "needs root, ip and nft (network namespaces); CI runs it"

    static let ip = "/usr/sbin/ip"
    static let nft = "/usr/sbin/nft"
    private static let counter = Atomic<Int>(0)

    private init(hosts: [Host], bridge: String) {
        self.hosts = hosts
        self.bridge = bridge
    }

    /// Makes a lab of `count` hosts, runs `body` with it, and removes every namespace it made, whatever happens.
    static func with<Result: Sendable>(
        hosts count: Int,
        _ body: (NetworkLab) async throws -> Result
    ) async throws -> Result {
        let serial = counter.add(1, ordering: .relaxed).newValue
        let prefix = "shout\(getpid())x\(serial)"
        let bridge = "\(prefix)-sw"
        let hosts = (1...count).map { Host(namespace: "\(prefix)-h\($0)", address: "10.199.0.\($0)") }
        let lab = NetworkLab(hosts: hosts, bridge: bridge)
        do {
            try await lab.build()
            let result = try await body(lab)
            await lab.remove()
            return result
        } catch {
            await lab.remove()
            throw error
        }
    }

    private func build() async throws {
        try await Self.run(Self.ip, ["netns", "add", bridge])
        try await Self.run(Self.ip, ["-n", bridge, "link", "add", "br0", "type", "bridge"])
        try await Self.run(Self.ip, ["-n", bridge, "link", "set", "br0", "up"])
        for (index, host) in hosts.enumerated() {
            let port = "p\(index + 1)"
            try await Self.run(Self.ip, ["netns", "add", host.namespace])
            try await Self.run(
                Self.ip,
                ["-n", bridge, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.namespace]
            )
            try await Self.run(Self.ip, ["-n", bridge, "link", "set", port, "master", "br0", "up"])
            try await Self.run(Self.ip, ["-n", host.namespace, "addr", "add", "\(host.address)/24", "dev", "eth0"])
            try await Self.run(Self.ip, ["-n", host.namespace, "link", "set", "eth0", "up"])
            try await Self.run(Self.ip, ["-n", host.namespace, "link", "set", "lo", "up"])
        }
        // A bridge port forwards only once it has learned, and a new veth may take a moment to come up.
        for host in hosts.dropFirst() {
            try await waitUntilReachable(from: host, to: hosts[0])
        }
    }

    /// Waits until `from` reaches `to` over UDP (an answer or a port unreachable both say the path is up).
    private func waitUntilReachable(from: Host, to: Host) async throws {
        let probe = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.connect((sys.argv[1], 9))
            s.settimeout(0.2)
            for _ in range(50):
                try:
                    s.send(b"up?")
                    s.recv(16)
                    break
                except ConnectionRefusedError:
                    break
                except OSError:
                    pass
            else:
                sys.exit(1)
            """
        let run = try await ProcessRunner.run(
            Self.ip,
            ["netns", "exec", from.namespace, "python3", "-c", probe, to.address]
        )
        guard run.status == 0 else { throw TestFailure("the lab's network did not come up: \(run.error)") }
    }

    /// Removes the lab's namespaces (their interfaces go with them).
    private func remove() async {
        for host in hosts { _ = try? await ProcessRunner.run(Self.ip, ["netns", "del", host.namespace]) }
        _ = try? await ProcessRunner.run(Self.ip, ["netns", "del", bridge])
    }

    /// Runs `shout server --headless` with `arguments` on `host`, port 12000, for the length of `body`, which starts
    /// once the server says it listens (on UDP, which binds after TCP, unless it serves TCP only), in either log
    /// format.
    func shoutServer<Result: Sendable>(
        on host: Host,
        _ arguments: [String] = [],
        _ body: @Sendable (BackgroundProcess) async throws -> Result
    ) async throws -> (result: Result, finished: Finished) {
        // UDP binds after TCP, so its line says both listen; with TCP only, the TCP line.
        let last = arguments.contains("--tcp") || arguments.contains("--tcp-only") ? "tcp" : "udp"
        return try await BackgroundProcess.with(
            Self.ip,
            on(host, [TestPaths.shout, "server", "--headless", "--port", "12000"] + arguments)
        ) { server in
            _ = try await server.line { $0.contains("listening") && $0.contains(last) }
            return try await body(server)
        }
    }

    /// The arguments that run `command` on `host` (for ``ProcessRunner`` or ``BackgroundProcess``, with ``ip``).
    func on(_ host: Host, _ command: [String]) -> [String] {
        ["netns", "exec", host.namespace] + command
    }

    /// Runs `command` on `host` to the end.
    func run(on host: Host, _ command: [String], input: [UInt8] = []) async throws -> Finished {
        try await ProcessRunner.run(Self.ip, on(host, command), input: input)
    }

    /// Drops `percent` % of the packets arriving at `host` (chosen at random by nftables' `numgen`), silently, as a
    /// lossy link does; ``dropped(on:)`` counts them. Traffic on the host's own loopback is not touched.
    func loseIncoming(on host: Host, percent: Int) async throws {
        try await nft(on: host, "add table inet lab")
        try await nft(on: host, "add chain inet lab in { type filter hook input priority 0 ; }")
        try await nft(
            on: host,
            "add rule inet lab in iifname eth0 numgen random mod 100 < \(percent) counter drop comment \"loss\""
        )
    }

    /// Caps TCP's retransmission timeout on `host` at `milliseconds` (`net.ipv4.tcp_rto_max_ms`, Linux 6.15 and later;
    /// left as it is where the kernel has no such setting). Under heavy random loss a segment lost several times in a
    /// row waits for TCP's doubling timeout (1, 2, 4 … up to 120 s); capped, every loss is still retransmitted and the
    /// exchange still reliable, but a test ends in seconds.
    func capRetransmissionTimeout(on host: Host, milliseconds: Int) async throws {
        _ = try await run(
            on: host,
            [
                "/bin/sh", "-c",
                "[ -w /proc/sys/net/ipv4/tcp_rto_max_ms ] && echo \(milliseconds) > /proc/sys/net/ipv4/tcp_rto_max_ms",
            ]
        )
    }

    /// A firewall on `host` that refuses `percent` % of the UDP datagrams it sends to `port` at `address` (all with
    /// 100): the sender's `sendto` fails with EPERM, as a local firewall makes it. ``refused(on:)`` counts them.
    func refuseOutgoingUDP(on host: Host, to address: String, port: Int, percent: Int = 100) async throws {
        try await nft(on: host, "add table inet lab")
        try await nft(on: host, "add chain inet lab out { type filter hook output priority 0 ; }")
        let chance = percent >= 100 ? "" : "numgen random mod 100 < \(percent) "
        try await nft(
            on: host,
            "add rule inet lab out ip daddr \(address) udp dport \(port) \(chance)counter drop comment \"refuse\""
        )
    }

    /// A firewall on `host` that refuses every UDP datagram it sends from `port` to `address` (replies).
    func refuseOutgoingReplies(on host: Host, from port: Int, to address: String) async throws {
        try await nft(on: host, "add table inet lab")
        try await nft(on: host, "add chain inet lab out { type filter hook output priority 0 ; }")
        try await nft(
            on: host,
            "add rule inet lab out ip daddr \(address) udp sport \(port) counter drop comment \"refuse\""
        )
    }

    /// A firewall on `host` that drops the first TCP segment carrying data (PSH) of each connection to `port`, once:
    /// its sender's TCP sends it again, and a capture on `host`, which sees packets before the firewall does, sees
    /// both.
    func dropFirstData(on host: Host, port: Int) async throws {
        try await nft(on: host, "add table inet firstdata")
        try await nft(on: host, "add set inet firstdata seen { type inet_service ; flags dynamic ; }")
        try await nft(on: host, "add chain inet firstdata in { type filter hook input priority 0 ; }")
        let data = "tcp dport \(port) tcp flags & psh == psh"
        try await nft(on: host, "add rule inet firstdata in \(data) tcp sport @seen accept")
        try await nft(on: host, "add rule inet firstdata in \(data) add @seen { tcp sport } counter drop")
    }

    /// Drops every UDP datagram arriving at `host` from or to `port` (`fromPort`) whose payload starts with `text`
    /// (at most 16 bytes), as a lossy link would lose that one: the test chooses which datagram the network loses.
    func loseIncomingUDP(on host: Host, port: Int, fromPort: Bool, startingWith text: String) async throws {
        let bytes = Array(text.utf8.prefix(16))
        let hex = "0x" + bytes.map { String(format: "%02x", $0) }.joined()
        try await nft(on: host, "add table inet payload")
        try await nft(on: host, "add chain inet payload in { type filter hook input priority 0 ; }")
        let match = "udp \(fromPort ? "sport" : "dport") \(port) @th,64,\(bytes.count * 8) \(hex)"
        try await nft(on: host, "add rule inet payload in iifname eth0 \(match) counter drop")
    }

    /// Takes away the firewall rules on `host`'s outgoing traffic (``refuseOutgoingUDP(on:to:port:percent:)``).
    func allowOutgoing(on host: Host) async throws {
        try await nft(on: host, "flush chain inet lab out")
    }

    /// The packets ``loseIncoming(on:percent:)`` dropped on `host` so far.
    func dropped(on host: Host) async throws -> Int { try await counter(on: host, comment: "loss") }

    /// The datagrams a firewall of ``refuseOutgoingUDP(on:to:port:percent:)`` refused on `host` so far.
    func refused(on host: Host) async throws -> Int { try await counter(on: host, comment: "refuse") }

    private func counter(on host: Host, comment: String) async throws -> Int {
        let listing = try await run(on: host, [Self.nft, "list", "table", "inet", "lab"]).text
        guard let line = listing.split(separator: "\n").first(where: { $0.contains("comment \"\(comment)\"") }),
            let range = line.range(of: "packets "),
            let count = Int(line[range.upperBound...].prefix { $0.isNumber })
        else { throw TestFailure("no \(comment) counter on \(host.namespace):\n\(listing)") }
        return count
    }

    private func nft(on host: Host, _ command: String) async throws {
        let result = try await run(on: host, [Self.nft, command])
        guard result.status == 0 else { throw TestFailure("nft \(command): \(result.error)") }
    }

    @discardableResult
    private static func run(_ path: String, _ arguments: [String]) async throws -> Finished {
        let result = try await ProcessRunner.run(path, arguments)
        guard result.status == 0 else {
            throw TestFailure("\(path) \(arguments.joined(separator: " ")): \(result.error)")
        }
        return result
    }
}
