import ShoutCore

#if canImport(Glibc)
import Glibc
#endif

/// One scripted run of a client program: starts it, types its line, plays the server on the lab sockets as
/// ``ClientLabScript`` decides, records everything (``ClientRunRecord``), and ends it and its group when the run is
/// over. The loop polls the sockets and the client's output for at most 5 ms at a time and yields between polls, so
/// it holds a thread of the pool only that long and a cancelled task ends the run.
struct ClientRun {
    /// A write the grader owes the client, due at a time.
    private struct Pending {
        enum Kind {
            case datagram(socket: Int32, to: sockaddr_storage, length: socklen_t, index: Int, bytes: [UInt8])
            case write(connection: Int, bytes: [UInt8], last: Bool)
        }
        var due: Duration
        var kind: Kind
    }

    /// A connection the client opened.
    private struct Open {
        var descriptor: Int32
        var lastRead: Duration?
        var answered = false
    }

    /// Connections a run accepts at most; more are closed at once.
    static let connectionsAtMost = 8
    /// Datagrams a run keeps; more are counted.
    static let datagramsKept = 256
    /// Output a run keeps; more is counted.
    static let outputKept = 65_536

    /// The grader's sockets, held across runs.
    let sockets: LabSockets
    /// The grader's decisions.
    let script: ClientLabScript

    /// Runs `command` once. `scenario` nil: the first run, which tells the lab from the first contact (`lab` when
    /// it is named) and plays that lab's first scenario. Returns the record and the lab, if any contact was made.
    func run(
        _ command: String,
        scenario given: ClientScenario?,
        lab named: ClientLab?
    ) async throws(ClientCheckError) -> (record: ClientRunRecord, lab: ClientLab?) {
        sockets.drain()
        var scenario = given
        var lab: ClientLab? = given == nil ? nil : named
        let typed = Array((given ?? .reply).typed.utf8)
        var record = ClientRunRecord(scenario: given ?? .firstContact, typed: typed)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        record.startedAt = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        let process = try ClientProcess.start(command)
        let start = ContinuousClock.now
        func elapsed() -> Duration { ContinuousClock.now - start }
        process.type(typed)

        var pending: [Pending] = []
        var open: [Open] = []
        var lastContact: Duration?
        var lastReply: Duration?
        var finishBy: Duration?
        var buffer = [UInt8](repeating: 0, count: 65_536)

        func contact(_ first: ClientLab.FirstContact) {
            if scenario == nil {
                let found = named ?? ClientLab.detect(first)
                lab = found
                scenario = ClientScenario.runs(of: found)[0]
                record.scenario = scenario!
            }
        }

        while true {
            if Task.isCancelled { break }
            var at = elapsed()
            // Writes that are due.
            pending.sort { $0.due < $1.due }
            while let first = pending.first, first.due <= at {
                pending.removeFirst()
                switch first.kind {
                case .datagram(let socket, var address, let length, let index, let bytes):
                    _ = bytes.withUnsafeBytes { payload in
                        withUnsafePointer(to: &address) {
                            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                                sendto(socket, payload.baseAddress, payload.count, 0, $0, length)
                            }
                        }
                    }
                    record.answers.append(ClientRunRecord.Answer(datagram: index, reply: bytes, at: at))
                case .write(let connection, let bytes, let last):
                    let descriptor = open[connection].descriptor
                    _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    record.connections[connection].writes.append((bytes, at))
                    if last { shutdown(descriptor, Int32(SHUT_WR)) }
                }
                lastReply = at
            }
            // A TCP request that is whole, or whose client has gone quiet, is answered.
            for index in open.indices where !open[index].answered {
                guard let lastRead = open[index].lastRead else { continue }
                let received = record.connections[index].received
                guard ClientLabScript.requestIsWhole(received, typed: typed) || at - lastRead >= script.unit else {
                    continue
                }
                open[index].answered = true
                let writes = script.writes(answering: received, scenario: scenario ?? .reply)
                for (offset, write) in writes.enumerated() {
                    pending.append(
                        Pending(
                            due: at + write.after,
                            kind: .write(connection: index, bytes: write.bytes, last: offset == writes.count - 1)
                        )
                    )
                }
            }
            // The end of the run: the client's exit (and a moment for its last output), or the script's deadline.
            if finishBy == nil, process.reap() != nil {
                finishBy = at + .milliseconds(60)
                record.ending = Self.ending(process.exit!, at: at)
            }
            if let finishBy, at >= finishBy { break }
            let deadline = script.endsAt(
                scenario: scenario,
                lastContact: lastContact,
                lastReply: lastReply,
                datagrams: record.datagrams.count + record.datagramsNotKept
            )
            if finishBy == nil && at >= deadline && pending.isEmpty {
                record.ending = .ended(at: at)
                break
            }

            // Wait for something, 5 ms at most.
            var fds = sockets.sockets.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            // A connection the client has closed stays readable (end of file) and would wake the loop at once.
            fds += open.indices.map { index in
                let closed = record.connections[index].closedAt != nil
                return pollfd(fd: closed ? -1 : open[index].descriptor, events: Int16(POLLIN), revents: 0)
            }
            fds.append(pollfd(fd: process.output, events: Int16(POLLIN), revents: 0))
            var wait = 5
            if let due = pending.map(\.due).min() {
                wait = max(0, min(wait, Int((due - at) / .milliseconds(1))))
            }
            _ = poll(&fds, nfds_t(fds.count), Int32(wait))

            // The client's output first, so that a line printed before a datagram was sent is stamped before it.
            if fds.last!.revents != 0 {
                var chunk: [UInt8] = []
                for _ in 0..<16 {
                    let before = chunk.count
                    guard process.read(into: &chunk), chunk.count > before else { break }
                }
                if !chunk.isEmpty {
                    at = elapsed()
                    let kept = record.output.reduce(0) { $0 + $1.bytes.count }
                    let room = max(0, Self.outputKept - kept)
                    if room > 0 { record.output.append(.init(bytes: Array(chunk.prefix(room)), at: at)) }
                    record.outputNotKept += max(0, chunk.count - room)
                }
            }
            for (position, bound) in sockets.sockets.enumerated() where fds[position].revents != 0 {
                if bound.isTCP {
                    for descriptor in Self.accept(bound.descriptor, room: Self.connectionsAtMost - open.count) {
                        contact(.connection)
                        open.append(Open(descriptor: descriptor))
                        record.connections.append(.init(openedAt: elapsed()))
                        lastContact = elapsed()
                    }
                    continue
                }
                for _ in 0..<64 {
                    var address = sockaddr_storage()
                    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                    let count = buffer.withUnsafeMutableBytes { bytes in
                        withUnsafeMutablePointer(to: &address) {
                            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                                recvfrom(bound.descriptor, bytes.baseAddress, bytes.count, 0, $0, &length)
                            }
                        }
                    }
                    guard count >= 0 else { break }
                    let at = elapsed()
                    let bytes = Array(buffer[..<count])
                    contact(.datagram(bytes))
                    lastContact = at
                    let index = record.datagrams.count + record.datagramsNotKept
                    if record.datagrams.count < Self.datagramsKept {
                        record.datagrams.append(.init(bytes: bytes, at: at))
                    } else {
                        record.datagramsNotKept += 1
                    }
                    switch script.datagram(bytes, index: index, scenario: scenario ?? .reply) {
                    case .reply(let reply, let after):
                        pending.append(
                            Pending(
                                due: at + after,
                                kind: .datagram(
                                    socket: bound.descriptor,
                                    to: address,
                                    length: length,
                                    index: index,
                                    bytes: reply
                                )
                            )
                        )
                    case .drop:
                        record.answers.append(.init(datagram: index, reply: nil, at: at))
                    case .ignore:
                        break
                    }
                }
            }
            for index in open.indices where fds[sockets.sockets.count + index].revents != 0 {
                guard record.connections[index].closedAt == nil else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(open[index].descriptor, $0.baseAddress, $0.count, 0) }
                let at = elapsed()
                if count > 0 {
                    record.connections[index].reads.append((Array(buffer[..<count]), at))
                    open[index].lastRead = at
                    lastContact = at
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    record.connections[index].closedAt = at
                }
            }
            await Task.yield()
        }
        if finishBy == nil { record.ending = .ended(at: elapsed()) }
        await process.end()
        for connection in open { close(connection.descriptor) }
        return (record, lab)
    }

    /// Accepts the waiting connections: the first `room` of them, non-blocking; those past it are closed at once.
    private static func accept(_ listener: Int32, room: Int) -> [Int32] {
        var accepted: [Int32] = []
        while case let descriptor = Glibc.accept(listener, nil, nil), descriptor >= 0 {
            guard accepted.count < room else {
                close(descriptor)
                continue
            }
            // accept4 is hidden from Swift; only this task starts processes, so none inherits it before it is marked.
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            accepted.append(descriptor)
        }
        return accepted
    }

    /// How the client's exit reads in a record.
    static func ending(_ exit: ClientProcess.Exit, at: Duration) -> ClientRunRecord.Ending {
        switch exit {
        case .status(let status): .exited(status: status, at: at)
        case .signal(let signal): .signalled(signal: signal, at: at)
        }
    }
}
