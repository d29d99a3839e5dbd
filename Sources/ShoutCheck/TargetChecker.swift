import NIOCore
import NIOPosix
import ShoutClientNet
import ShoutCore
import ShoutSockets

/// The strict textbook client of `shout check`: runs the checks of ``CheckID`` against one server and reports what
/// it found (``CheckTargetReport``); the sentences come from ``CheckVerdict``.
///
/// Checks of one target run one after another, so a server that serves one client at a time is judged fairly.
/// When a transport cannot be reached at all (the name does not resolve, refused, port unreachable, no reply to
/// anything) one sentence says so and its checks are skipped. After a check that failed, or one that may kill a
/// fragile server, the server is asked once more whether it still answers; if it does not, the transport's
/// remaining checks are skipped with that reason. Everything sent goes to the target named, and is bounded.
public struct TargetChecker: Sendable {
    /// The target as it was written.
    public let target: String
    /// The target's host and port.
    public let endpoint: Endpoint
    /// How long each exchange waits for its reply.
    public let timeout: Duration
    let group: any EventLoopGroup
    /// The UDP exchanges of the other checks that went unanswered and were tried again, for `udp.loss` to report.
    let udpRetries = ProbeInbox<Int>()

    public init(target: String, endpoint: Endpoint, timeout: Duration, group: any EventLoopGroup) {
        self.target = target
        self.endpoint = endpoint
        self.timeout = timeout
        self.group = group
    }

    /// Checks the target over `transports` (UDP first); cancelling the task ends it early, with the checks not yet
    /// run skipped.
    public func run(_ transports: [Transport]) async -> CheckTargetReport {
        let address: SocketAddress
        do {
            address = try await HostResolver.resolve(endpoint, transport: .udp, group: group)
        } catch {
            let sentence = "the name '\(endpoint.host)' does not resolve; check the name, or use an address"
            return CheckTargetReport(target: target, address: nil, parts: transports.map { .unreachable($0, sentence) })
        }
        var parts: [CheckTargetReport.Part] = []
        for transport in Transport.allCases where transports.contains(transport) {
            switch transport {
            case .udp: parts.append(await checkUDP(address))
            case .tcp: parts.append(await checkTCP(address))
            }
        }
        return CheckTargetReport(target: target, address: address.endpoint.description, parts: parts)
    }

    /// Checks many targets, `parallel` at a time; `report` gets each report in the order of `targets` (a report
    /// that is ready early waits for the ones before it).
    public static func run(
        _ targets: [(text: String, endpoint: Endpoint)],
        transports: [Transport],
        timeout: Duration,
        parallel: Int,
        group: any EventLoopGroup,
        report: (CheckTargetReport) -> Void
    ) async -> [CheckTargetReport] {
        var ready: [Int: CheckTargetReport] = [:]
        var reports: [CheckTargetReport] = []
        await withTaskGroup(of: (Int, CheckTargetReport).self) { tasks in
            var next = 0
            func start() {
                guard next < targets.count else { return }
                let index = next
                let checker = TargetChecker(
                    target: targets[index].text,
                    endpoint: targets[index].endpoint,
                    timeout: timeout,
                    group: group
                )
                tasks.addTask { (index, await checker.run(transports)) }
                next += 1
            }
            for _ in 0..<max(1, parallel) { start() }
            while let (index, finished) = await tasks.next() {
                ready[index] = finished
                while let first = ready.removeValue(forKey: reports.count) {
                    reports.append(first)
                    report(first)
                }
                start()
            }
        }
        return reports
    }

    /// Runs `checks` in order with `run`, skipping the rest once the server stops answering (`alive` says whether
    /// it still does, asked after a failure or a check that may kill it, unless nothing follows).
    func sequence(
        _ checks: [CheckID],
        run: (CheckID) async -> CheckResult,
        alive: () async -> Bool
    ) async -> [CheckResult] {
        var results: [CheckResult] = []
        var stoppedAfter: CheckID?
        for (index, id) in checks.enumerated() {
            if let stoppedAfter {
                results.append(.skipped(id, because: "the server stopped answering after \(stoppedAfter.rawValue)"))
                continue
            }
            if Task.isCancelled {
                results.append(.skipped(id, because: CheckTargetReport.Part.interruptedReason))
                continue
            }
            let result = await run(id)
            results.append(result)
            let followed = index < checks.count - 1
            if followed, result.passed == false || id.mayKillServer, !Task.isCancelled, !(await alive()) {
                stoppedAfter = id
            }
        }
        return results
    }

    /// How long a TCP connect may take: at least 7.5 s, so that TCP's own retransmissions of a lost SYN or SYN-ACK
    /// (after 1 s, then 2 s, then 4 s) have their time before the server is called unreachable.
    var connectTimeout: Duration { max(timeout, .milliseconds(7_500)) }

    /// How much longer a TCP exchange waits past its timeout while the connection is retransmitting.
    var retransmissionGrace: Duration { max(timeout * 3, .seconds(3)) }

    /// How many times a UDP exchange is tried before the server is judged not to answer it: a datagram the network
    /// or a lab server's dropping lost is not the server's fault. With the UDP Pinger lab server's 4 in 11 dropped,
    /// eight tries all fail 0.03 % of the time, so a run's verdicts (some 30 exchanges) come out the same run after
    /// run; a server that answers nothing is called silent after eight timeouts.
    static let udpAttempts = 8

    /// The deadline of an exchange that starts now.
    var deadline: ContinuousClock.Instant { .now + timeout }

    /// `no reply within 1 s`.
    var noReply: String { "got no reply within " + CheckVerdict.seconds(timeout) }
}

/// What `shout check` sends: sentences whose upper-cased forms tell the kinds of server apart.
enum CheckSentences {
    /// ASCII with an upper-case letter, so that lower-casing is not mistaken for an echo.
    static let ascii = Array("Hello, is this the textbook server?".utf8)
    /// ß (→ SS), é, Greek with a final sigma, CJK (no case), an emoji; a capital first letter, as above.
    static let unicode = Array("Straße, é, λόγος, 日本, 🎉".utf8)
    /// 2,000 bytes of ASCII: under the textbook's recvfrom(2048), over a recvfrom(1024); capitals in every part.
    static let large: [UInt8] = {
        let words = Array("Size check: The quick brown fox jumps over the lazy dog. ".utf8)
        return (0..<2000).map { words[$0 % words.count] }
    }()
    /// A line to cut inside `ß` (after its first byte, 0xC3).
    static let split = Array("Split inside straße, please".utf8)
    /// Bytes that are not UTF-8 (0xFF and 0xFE never occur in it).
    static let bad: [UInt8] = Array("bad ".utf8) + [0xFF, 0xFE] + Array(" bytes".utf8)
    /// The good line sent after the bad bytes.
    static let after = Array("Still there after that?".utf8)
    /// The question asked after a failure: does the server still answer?
    static let alive = Array("Are you still there?".utf8)
}
