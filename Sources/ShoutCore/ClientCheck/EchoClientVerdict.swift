/// The textbook UDP and TCP clients' checks, from their runs: what they sent, what they printed, how they ended.
public enum EchoClientVerdict {
    /// The results of `lab` (``ClientLab/udp`` or ``ClientLab/tcp``) from its runs; a run that did not happen skips
    /// its checks.
    public static func results(_ lab: ClientLab, runs: [ClientRunRecord], unit: Duration) -> [ClientCheckResult] {
        let reply = runs.first { $0.scenario == .reply }
        let unicode = runs.first { $0.scenario == .unicode }
        let udp = lab == .udp
        var results: [ClientCheckResult] = []
        func add(_ id: ClientCheckID, _ run: ClientRunRecord?, _ judge: (ClientRunRecord) -> ClientCheckResult) {
            if let run {
                results.append(judge(run))
            } else {
                results.append(.skipped(id, because: "the run did not happen"))
            }
        }
        add(udp ? .udpSent : .tcpSent, reply) { sent($0, udp: udp) }
        add(udp ? .udpPrinted : .tcpPrinted, reply) { printed($0, udp: udp) }
        add(udp ? .udpUnicode : .tcpUnicode, unicode) { unicodeResult($0, udp: udp) }
        if udp {
            add(.udpExits, reply) { exits($0) }
            add(.udpLostReply, runs.first { $0.scenario == .lostReply }) { lostReply($0, unit: unit) }
        } else {
            add(.tcpSplitReply, runs.first { $0.scenario == .splitReply }) { splitReply($0, unit: unit) }
            add(.tcpCloses, reply) { closes($0) }
        }
        return results
    }

    /// What the client sent in a run: each datagram, or each connection's bytes.
    static func requests(_ run: ClientRunRecord, udp: Bool) -> [[UInt8]] {
        udp ? run.datagrams.map(\.bytes) : run.connections.map(\.received)
    }

    /// How what was sent compares with what was typed: exact, or with a newline named; nil when it differs.
    static func sentSentence(_ run: ClientRunRecord, udp: Bool) -> (passed: Bool, sentence: String) {
        let typed = run.typed
        let what = udp ? "datagram" : "connection"
        let all = requests(run, udp: udp)
        let total = all.count + (udp ? run.datagramsNotKept : 0)
        let typedText = "typed " + CheckVerdict.quote(typed)
        guard let first = all.first else {
            let other = udp ? (run.connections.isEmpty ? "" : " (it opened a TCP connection instead)") : ""
            let otherTCP = !udp && !run.datagrams.isEmpty ? " (it sent a datagram instead)" : ""
            return (false, typedText + "; the client sent no \(what)" + other + otherTCP)
        }
        let count =
            total > 1 ? "; it sent \(NumberText.grouped(total)) \(what)s where the textbook client sends one" : ""
        let exact = udp ? "one datagram of exactly the sentence's bytes" : "the sentence's bytes on one connection"
        if first == typed && total == 1 { return (true, typedText + " and the client sent " + exact) }
        if first == typed + [0x0A] || first == typed + [0x0D, 0x0A] {
            return (
                total == 1,
                typedText + " and the client sent " + CheckVerdict.quote(first)
                    + ": the sentence with a line end, which the textbook client does not send (named, not failed)"
                    + count
            )
        }
        if first == typed { return (false, typedText + count) }
        return (
            false,
            typedText + " and the client sent " + CheckVerdict.quote(first) + "; the lab expects exactly the sentence"
                + count
        )
    }

    /// `*.sent`: the sentence's bytes, alone (a line end named).
    static func sent(_ run: ClientRunRecord, udp: Bool) -> ClientCheckResult {
        let (passed, sentence) = sentSentence(run, udp: udp)
        return ClientCheckResult(udp ? .udpSent : .tcpSent, passed: passed, detail: sentence)
    }

    /// The reply the grader sent in a run (all its writes), or nil.
    static func replySent(_ run: ClientRunRecord) -> [UInt8]? {
        if let answer = run.answers.first(where: { $0.reply != nil }) { return answer.reply }
        let writes = run.connections.first?.writes.flatMap(\.bytes) ?? []
        return writes.isEmpty ? nil : writes
    }

    /// Whether the client printed `reply`, and the sentence for it.
    static func printedReply(_ run: ClientRunRecord, reply: [UInt8]) -> (passed: Bool, sentence: String) {
        var expected = reply
        while let last = expected.last, last == 0x0A || last == 0x0D { expected.removeLast() }
        let output = run.printed
        let sentReply = "the grader sent back " + CheckVerdict.quote(reply)
        let lines = PrintedLine.lines(run.output)
        let said = PrintedLine.summary(run.output)
        // Python's repr of the reply's bytes: b'THE QUICK…' (the ASCII start of it is enough to tell).
        let asciiStart = Array(expected.prefix { $0 >= 0x20 && $0 < 0x7F && $0 != 0x27 && $0 != 0x5C }.prefix(8))
        let printsBytes = [Array("b'".utf8), Array("b\"".utf8)].contains {
            output.contains(subsequence: $0 + asciiStart)
        }
        if output.contains(subsequence: expected) && !printsBytes {
            return (true, sentReply + " and the client printed it")
        }
        if printsBytes {
            return (
                false,
                sentReply + " and the client " + said
                    + ": it prints the bytes object; decode() the reply before printing it"
            )
        }
        if let line = lines.first(where: { $0.bytes.contains(subsequence: expected.prefix(max(1, expected.count / 2))) }
        ) {
            return (false, sentReply + " and the client printed only part of it: " + line.quoted)
        }
        return (false, sentReply + " and the client " + said + "; the lab expects it to print the reply")
    }

    /// `*.printed`: the reply the grader sent is in what the client printed.
    static func printed(_ run: ClientRunRecord, udp: Bool) -> ClientCheckResult {
        let id: ClientCheckID = udp ? .udpPrinted : .tcpPrinted
        guard let reply = replySent(run) else {
            return ClientCheckResult(
                id,
                passed: false,
                detail: "the grader had nothing to answer: " + sentSentence(run, udp: udp).sentence
            )
        }
        let (passed, sentence) = printedReply(run, reply: reply)
        return ClientCheckResult(id, passed: passed, detail: sentence)
    }

    /// `*.unicode`: the sentence beyond ASCII sent as UTF-8, its reply printed intact.
    static func unicodeResult(_ run: ClientRunRecord, udp: Bool) -> ClientCheckResult {
        let id: ClientCheckID = udp ? .udpUnicode : .tcpUnicode
        let (sentOK, sentSentence) = sentSentence(run, udp: udp)
        guard sentOK, let reply = replySent(run) else {
            return ClientCheckResult(id, passed: false, detail: sentSentence + " (as UTF-8, the lab expects)")
        }
        let (printedOK, printedSentence) = printedReply(run, reply: reply)
        let passed = printedOK && Uppercasing.uppercased(run.typed) == reply.filter { $0 != 0x0A && $0 != 0x0D }
        return ClientCheckResult(
            id,
            passed: passed,
            detail: "sent the sentence as UTF-8; " + printedSentence + (printedOK ? " intact" : "")
        )
    }

    /// `udp-client.exits`: status 0 after the reply, within the run's time.
    static func exits(_ run: ClientRunRecord) -> ClientCheckResult {
        let replyAt = run.answers.first { $0.reply != nil }?.at
        let after = replyAt.map { " " + NumberText.duration(run.ending.at - $0) + " after the reply" } ?? ""
        switch run.ending {
        case .exited(0, _):
            return ClientCheckResult(.udpExits, passed: true, detail: "exited with status 0" + after)
        case .exited(let status, _):
            return ClientCheckResult(
                .udpExits,
                passed: false,
                detail: "exited with status \(status)" + after + " and " + PrintedLine.summary(run.output)
                    + "; the textbook client exits with 0"
            )
        case .signalled(let signal, _):
            return ClientCheckResult(.udpExits, passed: false, detail: "was killed by signal \(signal)" + after)
        case .ended(let at):
            return ClientCheckResult(
                .udpExits,
                passed: false,
                detail: "was still running " + NumberText.duration(at - (replyAt ?? .zero))
                    + (replyAt == nil ? " after it started" : " after the reply")
                    + ", so the grader ended it; the textbook client prints the reply, closes its socket and exits"
            )
        }
    }

    /// `udp-client.lost-reply`: with no reply ever, the client gives up and says so.
    static func lostReply(_ run: ClientRunRecord, unit: Duration) -> ClientCheckResult {
        let grader = "the grader never answered " + CheckVerdict.quote(run.typed)
        let lines = PrintedLine.lines(run.output)
        let saysSo = lines.contains { line in
            let text = line.text.lowercased()
            return PingLineReading.read(line.text).kind == .timeout || text.contains("timeout")
                || text.contains("timed out")
        }
        switch run.ending {
        case .ended(let at):
            let since = at - (run.datagrams.first?.at ?? .zero)
            return ClientCheckResult(
                .udpLostReply,
                passed: false,
                detail: grader + " and the client was still waiting " + NumberText.duration(since)
                    + " later, so the grader ended it: it waits for ever for a lost reply (the textbook client "
                    + "does; socket.settimeout() comes with the Pinger lab)"
            )
        case .exited(_, let at), .signalled(_, let at):
            let status = run.ending.status.map { "exited with status \($0)" } ?? "was killed by a signal"
            return ClientCheckResult(
                .udpLostReply,
                passed: saysSo,
                detail: grader + "; the client gave up after "
                    + NumberText.duration(at - (run.datagrams.first?.at ?? .zero)) + ", " + status + " and "
                    + PrintedLine.summary(run.output)
                    + (saysSo ? "" : ": it should say that no reply came")
            )
        }
    }

    /// `tcp-client.split-reply`: a reply in two writes cut inside a character is printed whole.
    static func splitReply(_ run: ClientRunRecord, unit: Duration) -> ClientCheckResult {
        guard let connection = run.connections.first, let first = connection.writes.first?.bytes else {
            return ClientCheckResult(
                .tcpSplitReply,
                passed: false,
                detail: "the grader had nothing to answer: " + sentSentence(run, udp: false).sentence
            )
        }
        let whole = Uppercasing.uppercased(connection.received)
        let did: String
        if connection.writes.count > 1 {
            // The plan's pause, not the one measured, which the loop's turns make a millisecond longer or so.
            let apart = NumberText.duration(unit * 0.2)
            did =
                "the grader wrote " + CheckVerdict.quote(whole) + " in two writes " + apart
                + " apart, cut inside a character, then closed"
        } else {
            did =
                "the grader wrote " + CheckVerdict.quote(first) + ", the first part of "
                + CheckVerdict.quote(whole) + " cut inside a character, and the client was gone before the second"
        }
        if run.printed.contains(subsequence: whole) {
            return ClientCheckResult(.tcpSplitReply, passed: true, detail: did + "; the client printed the whole reply")
        }
        let text = String(decoding: run.printed, as: UTF8.self)
        if text.contains("UnicodeDecodeError") {
            return ClientCheckResult(
                .tcpSplitReply,
                passed: false,
                detail: did + "; the client died in decode() on the first write, " + CheckVerdict.quote(first)
                    + ": one recv() takes what has come so far (TCP is a byte stream); read until the server closes"
            )
        }
        return ClientCheckResult(
            .tcpSplitReply,
            passed: false,
            detail: did + "; the client " + PrintedLine.summary(run.output)
                + ": one recv() takes only what has come so far (TCP is a byte stream); read until the server closes"
        )
    }

    /// `tcp-client.closes`: whether the client closed its socket before it exited (told by timing).
    static func closes(_ run: ClientRunRecord) -> ClientCheckResult {
        guard let connection = run.connections.first else {
            return ClientCheckResult(
                .tcpCloses,
                passed: nil,
                detail: "no connection to tell",
                figures: [("closes_socket", .none)]
            )
        }
        let exitedAt: Duration? =
            if case .ended = run.ending { nil } else { run.ending.at }
        if let closedAt = connection.closedAt, exitedAt.map({ closedAt + .milliseconds(5) < $0 }) ?? true {
            let before = exitedAt.map { " " + NumberText.duration($0 - closedAt) + " before it exited" } ?? ""
            return ClientCheckResult(
                .tcpCloses,
                passed: nil,
                detail: "the client closed its socket" + before,
                figures: [("closes_socket", .flag(true))]
            )
        }
        return ClientCheckResult(
            .tcpCloses,
            passed: nil,
            detail: "the client did not close its socket: the connection ended when the client exited or was ended",
            figures: [("closes_socket", .flag(false))]
        )
    }
}
