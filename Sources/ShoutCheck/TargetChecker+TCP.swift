import NIOCore
import ShoutClientNet
import ShoutCore
import ShoutSockets

extension TargetChecker {
    /// What one TCP exchange gave: the bytes that came back, whether the server closed, whether the reply came
    /// only after a newline was sent too, or why there was no connection.
    struct TCPExchange {
        var reply: [UInt8] = []
        var closed = false
        var neededNewline = false
        var failure: ClientSocketError?
    }

    /// The TCP checks, each exchange on a connection of its own (as the textbook client makes).
    func checkTCP(_ address: SocketAddress) async -> CheckTargetReport.Part {
        let first = await tcpExchange(address, [CheckSentences.ascii], waitForClose: true)
        if Task.isCancelled { return .interrupted(.tcp) }
        if let failure = first.exchange.failure {
            return .unreachable(.tcp, tcpUnreachable(failure))
        }
        if first.exchange.reply.isEmpty && first.exchange.neededNewline && !first.exchange.closed {
            return .silent(
                .tcp,
                "accepts connections but never answers: nothing came back within \(CheckVerdict.seconds(timeout)), "
                    + "even after a newline"
            )
        }
        let closesAfterReply = first.closesAfterReply
        let results = await sequence(
            CheckID.checks(of: .tcp),
            run: { id in
                switch id {
                case .tcpReply: tcpResult(.tcpReply, CheckSentences.ascii, first.exchange)
                case .tcpUnicode:
                    tcpResult(
                        .tcpUnicode,
                        CheckSentences.unicode,
                        await tcpExchange(address, [CheckSentences.unicode]).exchange
                    )
                case .tcpClose: tcpClose(closesAfterReply, replied: !first.exchange.reply.isEmpty)
                case .tcpConcurrent: await tcpConcurrent(address)
                case .tcpSplit: await tcpSplit(address)
                default: await tcpBadBytes(address)
                }
            },
            alive: { await tcpAlive(address) }
        )
        return .init(transport: .tcp, results: results)
    }

    /// The one sentence for a TCP server that cannot be reached.
    func tcpUnreachable(_ failure: ClientSocketError) -> String {
        switch failure.kind {
        case .refused: "connection refused: nothing listens on TCP port \(endpoint.port) there"
        case .timedOut: "connecting timed out after \(CheckVerdict.seconds(connectTimeout)); is a firewall in the way?"
        default: failure.description
        }
    }

    /// Connects, sends `writes` (`gap` apart), and waits for as many bytes as the upper-cased request has, or the
    /// server's close; with nothing at all, sends a newline and waits once more (a server that waits for a line
    /// end). With `waitForClose`, then waits for the server to close, and says whether it did.
    func tcpExchange(
        _ address: SocketAddress,
        _ writes: [[UInt8]],
        gap: Duration = .zero,
        waitForClose: Bool = false
    ) async -> (exchange: TCPExchange, closesAfterReply: Bool?) {
        var exchange = TCPExchange()
        let connection: TCPProbeConnection
        do {
            connection = try await TCPProbeConnection.open(to: address, timeout: connectTimeout, group: group)
        } catch {
            exchange.failure = error
            return (exchange, nil)
        }
        return await closing(connection) { connection in
            let expected = Uppercasing.uppercased(writes.flatMap { $0 }).count
            for (index, bytes) in writes.enumerated() {
                if index > 0 { try? await Task.sleep(for: gap) }
                try? await connection.send(bytes)
            }
            exchange.reply = await connection.waitForBytes(expected, until: deadline, grace: retransmissionGrace)
            exchange.closed = connection.inbox.isClosed
            if exchange.reply.isEmpty && !exchange.closed {
                exchange.neededNewline = true
                try? await connection.send([UInt8(ascii: "\n")])
                exchange.reply = await connection.waitForBytes(expected, until: deadline, grace: retransmissionGrace)
                exchange.closed = connection.inbox.isClosed
            }
            // A reply that never ended was cut off by this side (before this wait, or during it, see `waitForClose`):
            // whether the server closes is not known then.
            guard waitForClose, !exchange.reply.isEmpty, !connection.wasCutOff else {
                return (exchange, nil)
            }
            return (exchange, await connection.waitForClose(until: deadline))
        }
    }

    /// The result of a TCP exchange, judged against Python's `str.upper()`.
    func tcpResult(_ id: CheckID, _ request: [UInt8], _ exchange: TCPExchange) -> CheckResult {
        if let failure = exchange.failure {
            return CheckResult(id, passed: false, detail: "could not connect: " + tcpUnreachable(failure))
        }
        let expected = Uppercasing.uppercased(request)
        let nothing = exchange.closed ? "the server closed the connection without a reply" : noReply
        if exchange.neededNewline && !exchange.reply.isEmpty {
            return CheckResult(
                id,
                passed: false,
                detail: "sent " + CheckVerdict.quote(request) + " without a newline and " + noReply
                    + "; only after a newline came " + CheckVerdict.quote(exchange.reply) + ": the server waits for "
                    + "a line end, which the textbook TCPClient never sends"
            )
        }
        // Bytes past the upper-cased request (a newline, say) are not judged.
        let reply = Array(exchange.reply.prefix(expected.count))
        var verdict = CheckVerdict.exchange(request: request, reply: reply, nothing: nothing)
        if !verdict.passed && exchange.reply.count > reply.count {
            verdict.sentence += " (then \(NumberText.grouped(exchange.reply.count - reply.count)) bytes more)"
        }
        return CheckResult(id, passed: verdict.passed, detail: verdict.sentence)
    }

    /// `tcp.close`, measured on `tcp.reply`'s connection.
    func tcpClose(_ closes: Bool?, replied: Bool) -> CheckResult {
        guard let closes, replied else {
            return CheckResult(
                .tcpClose,
                passed: nil,
                detail: replied
                    ? "not measured: the reply did not end (cut off after \(TCPProbeConnection.maximumKept / 1024) KB)"
                    : "not measured: tcp.reply got no reply",
                figures: [("closes_after_reply", .none)]
            )
        }
        let detail =
            closes
            ? "the server closed the connection after its reply, as the textbook TCPServer does"
            : "the server kept the connection open for \(CheckVerdict.seconds(timeout)) after its reply "
                + "(the textbook TCPServer closes it; a client must cope with both)"
        return CheckResult(.tcpClose, passed: nil, detail: detail, figures: [("closes_after_reply", .flag(closes))])
    }

    /// Whether the server still takes a connection and answers anything at all.
    func tcpAlive(_ address: SocketAddress) async -> Bool {
        let exchange = await tcpExchange(address, [CheckSentences.alive]).exchange
        return exchange.failure == nil && !exchange.reply.isEmpty
    }

    /// `tcp.concurrent`: while one client is connected and silent, a second one is served.
    func tcpConcurrent(_ address: SocketAddress) async -> CheckResult {
        let request = Array("Second client here".utf8)
        let expected = Uppercasing.uppercased(request)
        let silent: TCPProbeConnection
        let second: TCPProbeConnection
        do {
            silent = try await TCPProbeConnection.open(to: address, timeout: connectTimeout, group: group)
        } catch {
            return CheckResult(.tcpConcurrent, passed: false, detail: "could not connect: " + tcpUnreachable(error))
        }
        do {
            second = try await TCPProbeConnection.open(to: address, timeout: connectTimeout, group: group)
        } catch {
            await silent.close()
            return CheckResult(
                .tcpConcurrent,
                passed: false,
                detail: "while one client was connected and silent, a second could not connect: "
                    + tcpUnreachable(error)
            )
        }
        return await closing(second) { second in
            try? await second.send(request)
            let during = await second.waitForBytes(expected.count, until: deadline)
            // The silent client leaves; a server that serves one at a time now gets to the second.
            await silent.close()
            if !during.isEmpty {
                var verdict = CheckVerdict.exchange(
                    request: request,
                    reply: Array(during.prefix(expected.count)),
                    nothing: noReply
                )
                verdict.sentence = "while one client was connected and silent, a second " + verdict.sentence
                return CheckResult(.tcpConcurrent, passed: verdict.passed, detail: verdict.sentence)
            }
            let after = await second.waitForBytes(expected.count, until: deadline)
            var detail =
                "while one client was connected and silent, a second sent " + CheckVerdict.quote(request)
                + " and " + noReply
            if !after.isEmpty {
                detail +=
                    "; once the first left it got " + CheckVerdict.quote(after) + ": the server serves one client "
                    + "at a time, as the textbook TCPServer's listen(1) loop does"
            }
            return CheckResult(.tcpConcurrent, passed: false, detail: detail)
        }
    }

    /// `tcp.split`: one line in two writes 100 ms apart, cut inside `ß`; the reply must be uncorrupted.
    func tcpSplit(_ address: SocketAddress) async -> CheckResult {
        let line = CheckSentences.split
        let cut = (line.firstIndex(of: 0xC3) ?? line.count / 2) + 1
        let exchange = await tcpExchange(
            address,
            [Array(line[..<cut]), Array(line[cut...])],
            gap: .milliseconds(100)
        ).exchange
        let how = " in two writes 100 ms apart, cut inside \"ß\""
        if let failure = exchange.failure {
            return CheckResult(.tcpSplit, passed: false, detail: "could not connect: " + tcpUnreachable(failure))
        }
        let expected = Uppercasing.uppercased(line)
        let reply = Array(exchange.reply.prefix(expected.count))
        if reply == expected {
            return CheckResult(
                .tcpSplit,
                passed: true,
                detail: "sent " + CheckVerdict.quote(line) + how + " and got " + CheckVerdict.quote(reply)
                    + ", uncorrupted"
            )
        }
        let got =
            reply.isEmpty
            ? (exchange.closed ? "the connection closed with no reply" : noReply)
            : "got " + CheckVerdict.quote(reply)
        return CheckResult(
            .tcpSplit,
            passed: false,
            detail: "sent " + CheckVerdict.quote(line) + how + " and " + got + ": a server that decodes each recv "
                + "on its own breaks on a character split across reads (the textbook TCPServer dies in decode()); "
                + "Python's str.upper() of the whole line gives " + CheckVerdict.quote(expected)
        )
    }

    /// `tcp.bad-bytes`: after a connection that sent bytes that are not UTF-8, a new connection is still served.
    func tcpBadBytes(_ address: SocketAddress) async -> CheckResult {
        let bad = await tcpExchange(address, [CheckSentences.bad]).exchange
        if let failure = bad.failure {
            return CheckResult(.tcpBadBytes, passed: false, detail: "could not connect: " + tcpUnreachable(failure))
        }
        let after = await tcpExchange(address, [CheckSentences.after]).exchange
        let expected = Uppercasing.uppercased(CheckSentences.after)
        let sent =
            "after a connection that sent bytes that are not UTF-8 (" + CheckVerdict.quote(CheckSentences.bad)
            + ", bytes ff fe), a new one sent " + CheckVerdict.quote(CheckSentences.after)
        if let failure = after.failure {
            return CheckResult(
                .tcpBadBytes,
                passed: false,
                detail: sent + " and could not connect (" + tcpUnreachable(failure) + "): the server died (the "
                    + "textbook TCPServer dies in decode() on such bytes)"
            )
        }
        let reply = Array(after.reply.prefix(expected.count))
        if reply == expected {
            return CheckResult(.tcpBadBytes, passed: true, detail: sent + " and still got " + CheckVerdict.quote(reply))
        }
        let got = reply.isEmpty ? noReply : "got " + CheckVerdict.quote(reply)
        return CheckResult(.tcpBadBytes, passed: false, detail: sent + " and " + got)
    }
}
