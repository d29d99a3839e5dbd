import NIOCore
import ShoutCore

extension TargetChecker {
    /// The UDP checks, over one unconnected socket (and 20 more for `udp.peers`).
    func checkUDP(_ address: SocketAddress) async -> CheckTargetReport.Part {
        let socket: UDPProbeSocket
        do {
            socket = try await UDPProbeSocket.open(to: address, group: group)
        } catch {
            return .unreachable(.udp, "cannot open a UDP socket: \(ShoutNetError.describe(error))")
        }
        defer { Task { await socket.close() } }
        let reply: CheckResult
        let first = await udpReply(socket)
        if Task.isCancelled { return .interrupted(.udp) }
        switch first {
        case .success(let result): reply = result
        case .failure(let unreachable): return .unreachable(.udp, unreachable.sentence)
        }
        let results = await sequence(
            CheckID.checks(of: .udp),
            run: { id in
                switch id {
                case .udpReply: reply
                case .udpUnicode: await udpExchange(.udpUnicode, socket, CheckSentences.unicode)
                case .udpSize: await udpExchange(.udpSize, socket, CheckSentences.large)
                case .udpPeers: await udpPeers(address)
                case .udpLoss: await udpLoss(socket)
                default: await udpBadBytes(socket)
                }
            },
            alive: { await udpAlive(socket) }
        )
        return .init(transport: .udp, results: results)
    }

    /// A sentence that says a transport cannot be reached, as an error so `Result` can carry it.
    struct Unreachable: Error {
        var sentence: String
    }

    /// `udp.reply`: the ASCII sentence comes back upper-cased, from the address and port it was sent to. No reply
    /// at all makes UDP unreachable: port unreachable if the OS says so to a connected socket, or silent.
    func udpReply(_ socket: UDPProbeSocket) async -> Result<CheckResult, Unreachable> {
        let request = CheckSentences.ascii
        socket.inbox.removeAll()
        _ = try? await socket.send(request)
        let got = await socket.inbox.wait(until: deadline) { items, _ in !items.isEmpty }
        guard let reply = got.first else { return .failure(Unreachable(sentence: await udpSilence())) }
        var (passed, sentence) = CheckVerdict.exchange(request: request, reply: reply.bytes, nothing: noReply)
        let server = socket.server.endpoint
        let source = reply.source.endpoint
        if source != server {
            passed = false
            sentence +=
                "; but the reply came from \(source), not \(server) where it was sent: a client whose "
                + "socket is connected to the server (as Shout's is) never sees it"
        } else if passed {
            sentence =
                "sent " + CheckVerdict.quote(request) + " to \(server) and got " + CheckVerdict.quote(reply.bytes)
                + " back from it, as Python's str.upper() gives"
        }
        return .success(CheckResult(.udpReply, passed: passed, detail: sentence))
    }

    /// Why a UDP server gave no reply: a connected socket hears of ICMP port unreachable, which an unconnected one
    /// does not.
    func udpSilence() async -> String {
        let unreachable = ProbeInbox<Bool>()
        let silent = "no reply to anything over UDP within \(CheckVerdict.seconds(timeout)); is the server running?"
        guard
            let probe = try? await ClientSocket.open(
                .udp,
                to: endpoint,
                group: group,
                report: { event in
                    if case .problem(_, let error) = event, error.kind == .portUnreachable { unreachable.append(true) }
                    if case .received = event { unreachable.append(false) }
                }
            )
        else { return silent }
        defer { Task { await probe.close() } }
        _ = try? await probe.send(line: CheckSentences.ascii)
        let heard = await unreachable.wait(until: deadline) { items, _ in !items.isEmpty }
        if heard.first == true {
            return "port unreachable: nothing listens on UDP port \(endpoint.port) there (the OS said so at once)"
        }
        return silent
    }

    /// One datagram out, the first datagram back judged against Python's `str.upper()`.
    func udpExchange(_ id: CheckID, _ socket: UDPProbeSocket, _ request: [UInt8]) async -> CheckResult {
        socket.inbox.removeAll()
        _ = try? await socket.send(request)
        let got = await socket.inbox.wait(until: deadline) { items, _ in !items.isEmpty }
        let verdict = CheckVerdict.exchange(request: request, reply: got.first?.bytes ?? [], nothing: noReply)
        return CheckResult(id, passed: verdict.passed, detail: verdict.sentence)
    }

    /// Whether the server still answers a datagram with anything at all.
    func udpAlive(_ socket: UDPProbeSocket) async -> Bool {
        socket.inbox.removeAll()
        _ = try? await socket.send(CheckSentences.alive)
        return !(await socket.inbox.wait(until: deadline) { items, _ in !items.isEmpty }).isEmpty
    }

    /// `udp.peers`: 20 sockets send at once; each must get its own reply, and none another's.
    func udpPeers(_ address: SocketAddress) async -> CheckResult {
        let count = 20
        var sockets: [UDPProbeSocket] = []
        defer { for socket in sockets { Task { await socket.close() } } }
        for _ in 0..<count {
            guard let socket = try? await UDPProbeSocket.open(to: address, group: group) else {
                return CheckResult(.udpPeers, passed: false, detail: "could not open \(count) UDP sockets here")
            }
            sockets.append(socket)
        }
        let requests = (0..<count).map { Array("peer \($0 + 1) of \(count) says hello".utf8) }
        let expected = requests.map { Uppercasing.uppercased($0) }
        await withTaskGroup(of: Void.self) { sends in
            for (socket, request) in zip(sockets, requests) {
                sends.addTask { _ = try? await socket.send(request) }
            }
        }
        let end = deadline
        for socket in sockets {
            await socket.inbox.wait(until: end) { items, _ in !items.isEmpty }
        }
        var missing = 0
        var crossed: [(Int, Int)] = []
        var wrong = 0
        for (index, socket) in sockets.enumerated() {
            guard let reply = socket.inbox.items.first?.bytes else {
                missing += 1
                continue
            }
            if reply == expected[index] { continue }
            if let other = expected.firstIndex(of: reply) { crossed.append((index + 1, other + 1)) } else { wrong += 1 }
        }
        if missing == 0 && crossed.isEmpty && wrong == 0 {
            return CheckResult(
                .udpPeers,
                passed: true,
                detail: "\(count) sockets sent at once and each got its own upper-cased reply"
            )
        }
        var findings: [String] = []
        if missing > 0 { findings.append("\(missing) \(noReply)") }
        if let (socket, other) = crossed.first {
            findings.append("\(crossed.count) got another socket's reply (socket \(socket) got socket \(other)'s)")
        }
        if wrong > 0 { findings.append("\(wrong) got a reply that is not the upper-cased request") }
        return CheckResult(
            .udpPeers,
            passed: false,
            detail: "\(count) sockets sent at once: " + findings.joined(separator: ", ")
                + "; each client must get its own reply, sent back to the address it came from"
        )
    }

    /// `udp.loss`: 50 datagrams 20 ms apart, each numbered; the share unanswered and the median round trip.
    func udpLoss(_ socket: UDPProbeSocket) async -> CheckResult {
        let count = 50
        socket.inbox.removeAll()
        var sent: [ContinuousClock.Instant?] = Array(repeating: nil, count: count)
        let start = ContinuousClock.now
        for index in 0..<count {
            if Task.isCancelled { break }
            try? await Task.sleep(until: start + .milliseconds(20 * index))
            sent[index] = try? await socket.send(Array("loss check \(index + 1)".utf8))
        }
        // A reply counts for the request whose number it carries (digits survive any casing).
        func number(_ bytes: [UInt8]) -> Int? {
            let digits = bytes.reversed().prefix { (0x30...0x39).contains($0) }.reversed()
            return Int(String(decoding: Array(digits), as: UTF8.self)).map { $0 - 1 }
        }
        let replies = await socket.inbox.wait(until: deadline) { items, _ in
            Set(items.compactMap { number($0.bytes) }).count >= count
        }
        var rtts: [Duration] = []
        var answered = Set<Int>()
        for reply in replies {
            guard let index = number(reply.bytes), (0..<count).contains(index), let at = sent[index],
                answered.insert(index).inserted
            else { continue }
            rtts.append(reply.at - at)
        }
        let lost = count - answered.count
        let percent = Double(lost) * 100 / Double(count)
        rtts.sort()
        let median = rtts.isEmpty ? nil : rtts[rtts.count / 2]
        let milliseconds = median.map {
            Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15
        }
        var detail = "\(count) datagrams 20 ms apart: \(lost) unanswered (\(Int(percent.rounded()))%)"
        if let median { detail += ", median round trip " + NumberText.duration(median) }
        if lost > 0 { detail += "; UDP gives no guarantee, and a UDP Pinger lab server drops about a third" }
        return CheckResult(
            .udpLoss,
            passed: nil,
            detail: detail,
            figures: [("loss_percent", .number(percent)), ("rtt_ms", milliseconds.map { .number($0) } ?? .none)]
        )
    }

    /// `udp.bad-bytes`: after a datagram that is not UTF-8, a good one is still answered.
    func udpBadBytes(_ socket: UDPProbeSocket) async -> CheckResult {
        socket.inbox.removeAll()
        _ = try? await socket.send(CheckSentences.bad)
        // Its own reply, if any, is not judged: Python's decode() has no answer for it.
        await socket.inbox.wait(until: .now + min(timeout, .milliseconds(200))) { items, _ in !items.isEmpty }
        let expected = Uppercasing.uppercased(CheckSentences.after)
        socket.inbox.removeAll()
        _ = try? await socket.send(CheckSentences.after)
        let got = await socket.inbox.wait(until: deadline) { items, _ in items.contains { $0.bytes == expected } }
        let sent =
            "after a datagram that is not UTF-8 (" + CheckVerdict.quote(CheckSentences.bad) + ", bytes "
            + "ff fe), sent " + CheckVerdict.quote(CheckSentences.after)
        if got.contains(where: { $0.bytes == expected }) {
            return CheckResult(
                .udpBadBytes,
                passed: true,
                detail: sent + " and still got " + CheckVerdict.quote(expected)
            )
        }
        if let other = got.first {
            return CheckResult(
                .udpBadBytes,
                passed: false,
                detail: sent + " and got " + CheckVerdict.quote(other.bytes) + "; Python's str.upper() gives "
                    + CheckVerdict.quote(expected)
            )
        }
        return CheckResult(
            .udpBadBytes,
            passed: false,
            detail: sent + " and " + noReply + ": the server stopped answering (the textbook UDPServer dies in "
                + "decode() on such bytes)"
        )
    }
}
