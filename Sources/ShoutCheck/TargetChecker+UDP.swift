import NIOCore
import ShoutClientNet
import ShoutCore
import ShoutSockets

extension TargetChecker {
    /// The UDP checks, over one unconnected socket (and 20 more for `udp.peers`).
    func checkUDP(_ address: SocketAddress) async -> CheckTargetReport.Part {
        let socket: UDPProbeSocket
        do {
            socket = try await UDPProbeSocket.open(to: address, group: group)
        } catch {
            return .unreachable(.udp, "cannot open a UDP socket: \(NetworkError.describe(error))")
        }
        return await closing(socket) { socket in
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
    }

    /// A sentence that says a transport cannot be reached, as an error so `Result` can carry it.
    struct Unreachable: Error {
        var sentence: String
    }

    /// `udp.reply`: the ASCII sentence comes back upper-cased, from the address and port it was sent to. No reply
    /// at all makes UDP unreachable: port unreachable if the OS says so to a connected socket, or silent.
    func udpReply(_ socket: UDPProbeSocket) async -> Result<CheckResult, Unreachable> {
        let request = CheckSentences.ascii
        var got = await udpAsk(socket, request, attempts: 1)
        if got.isEmpty {
            // A closed port is said at once (ICMP); otherwise the first datagram may just have been lost.
            if let unreachable = await udpPortUnreachable() { return .failure(Unreachable(sentence: unreachable)) }
            got = await udpAsk(socket, request, attempts: Self.udpAttempts - 1, retriesSoFar: 1)
        }
        guard let reply = got.first else {
            return .failure(
                Unreachable(
                    sentence: "no reply to anything over UDP within \(CheckVerdict.seconds(timeout)), "
                        + "\(Self.udpAttempts) tries; is the server running, or a firewall in the way?"
                )
            )
        }
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

    /// Whether nothing listens on the UDP port, as a sentence: a connected socket hears of ICMP port unreachable,
    /// which an unconnected one does not. Nil when the OS said nothing (or a reply came).
    func udpPortUnreachable() async -> String? {
        let unreachable = ProbeInbox<Bool>()
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
        else { return nil }
        return await closing(probe) { probe in
            _ = try? await probe.send(line: CheckSentences.ascii)
            let heard = await unreachable.wait(until: deadline) { items, _ in !items.isEmpty }
            if heard.first == true {
                return "port unreachable: nothing listens on UDP port \(endpoint.port) there (the OS said so at once)"
            }
            return nil
        }
    }

    /// Sends `request` and waits a timeout for a reply, again while none comes, `attempts` times in all; returns
    /// what came to the last try. Each try after the first is counted for `udp.loss` (`retriesSoFar` were already).
    func udpAsk(
        _ socket: UDPProbeSocket,
        _ request: [UInt8],
        attempts: Int = TargetChecker.udpAttempts,
        retriesSoFar: Int = 0,
        until done: @escaping ([UDPProbeSocket.Datagram]) -> Bool = { !$0.isEmpty }
    ) async -> [UDPProbeSocket.Datagram] {
        for attempt in 0..<attempts {
            if Task.isCancelled { break }
            if attempt + retriesSoFar > 0 { udpRetries.append(1) }
            socket.inbox.removeAll()
            _ = try? await socket.send(request)
            // Waits the timeout for what `done` wants; anything at all that came ends the tries.
            let got = await socket.inbox.wait(until: deadline) { items, _ in done(items) }
            if !got.isEmpty { return got }
        }
        return []
    }

    /// One datagram out (again while nothing comes back), the first datagram back judged against Python's
    /// `str.upper()`.
    func udpExchange(_ id: CheckID, _ socket: UDPProbeSocket, _ request: [UInt8]) async -> CheckResult {
        let got = await udpAsk(socket, request)
        let verdict = CheckVerdict.exchange(request: request, reply: got.first?.bytes ?? [], nothing: noReply)
        return CheckResult(id, passed: verdict.passed, detail: verdict.sentence)
    }

    /// Whether the server still answers a datagram with anything at all.
    func udpAlive(_ socket: UDPProbeSocket) async -> Bool {
        !(await udpAsk(socket, CheckSentences.alive)).isEmpty
    }

    /// `udp.peers`: 20 sockets send at once; each must get its own reply, and none another's.
    func udpPeers(_ address: SocketAddress) async -> CheckResult {
        let count = 20
        var sockets: [UDPProbeSocket] = []
        for _ in 0..<count {
            guard let socket = try? await UDPProbeSocket.open(to: address, group: group) else {
                for socket in sockets { await socket.close() }
                return CheckResult(.udpPeers, passed: false, detail: "could not open \(count) UDP sockets here")
            }
            sockets.append(socket)
        }
        return await closing(sockets) { sockets in
            let requests = (0..<count).map { Array("peer \($0 + 1) of \(count) says hello".utf8) }
            let expected = requests.map { Uppercasing.uppercased($0) }
            // Each round sends at once from every socket still without a reply; a datagram lost is sent again.
            for round in 0..<Self.udpAttempts {
                let waiting = sockets.indices.filter { sockets[$0].inbox.items.isEmpty }
                if waiting.isEmpty || Task.isCancelled { break }
                if round > 0 { udpRetries.append(waiting.count) }
                await withTaskGroup(of: Void.self) { sends in
                    for index in waiting {
                        let (socket, request) = (sockets[index], requests[index])
                        sends.addTask { _ = try? await socket.send(request) }
                    }
                }
                let end = deadline
                for index in waiting {
                    await sockets[index].inbox.wait(until: end) { items, _ in !items.isEmpty }
                }
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
                if let other = expected.firstIndex(of: reply) {
                    crossed.append((index + 1, other + 1))
                } else {
                    wrong += 1
                }
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
        let retried = udpRetries.items.reduce(0, +)
        if retried > 0 {
            detail +=
                "; the other checks sent \(retried) datagram\(retried == 1 ? "" : "s") again after no reply "
                + "(lost on the way or dropped by the server; each check judges the reply that came)"
        }
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
        let got = await udpAsk(socket, CheckSentences.after) { items in items.contains { $0.bytes == expected } }
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
