import Foundation
import NIOCore
import ShoutCore
import ShoutNet

/// The client without its screen, like the textbook client in a loop: each line of standard input is sent, each
/// reply printed on its own line, each lost reply reported on standard error.
///
/// Lines go one at a time: the next is sent when the previous one's reply came or its timeout passed.
struct PlainClient {
    let server: Endpoint
    let transport: Transport
    let timeout: Duration
    /// Whether replies are shown with control characters escaped (standard output is a terminal).
    let escapesOutput: Bool
    let group: any EventLoopGroup
    /// The `--transcript` file: every event is appended to it as it happens.
    var transcript: TranscriptFile? = nil

    /// Runs until standard input ends; returns whether every line got its reply. Throws when a socket cannot be
    /// opened or the transcript file cannot be written.
    func run() async throws -> Bool {
        // Each event carries the number of the socket that reported it, so a close of an earlier TCP connection
        // is not taken for the close of the current one.
        let events = EventChannel<(socket: Int, event: ClientNetEvent)>(capacity: 4096)
        var socketNumber = 0
        var matcher = ReplyMatcher()
        var socket: ClientSocket?
        var lost = 0
        defer { if let socket { Task { await socket.close() } } }

        let input = StandardInputLines()
        while let line = input.next() {
            // What happened while waiting for input (a TCP server that closed after its reply) is recorded first.
            for (number, event) in events.drain().events {
                _ = try handle(event, from: number, current: socketNumber, awaiting: nil, in: &matcher)
            }
            let payload = transport == .tcp ? line + [UInt8(ascii: "\n")] : line
            var attempt = 0
            var answered = false
            while !answered {
                attempt += 1
                let reused = socket?.isOpen == true
                if !reused {
                    socketNumber += 1
                    let number = socketNumber
                    let opened = try await ClientSocket.open(transport, to: server, group: group) {
                        events.send((number, $0))
                    }
                    socket = opened
                    var connect = ClientEventRecord(time: Date(), event: .connect)
                    connect.transport = transport
                    connect.server = opened.remote
                    connect.local = opened.local
                    connect.setup = opened.setup
                    try record(connect)
                }
                let request = matcher.sent(line, over: transport, at: .now, timeout: timeout)
                var written: ContinuousClock.Instant?
                do {
                    written = try await socket?.send(payload)
                } catch where transport == .tcp {
                    written = nil
                }
                var outcome: Outcome
                if let written {
                    // The round trip starts when the bytes reached the socket, not when the line was read.
                    matcher.restamp(id: request.id, sentAt: written)
                    var sent = ClientEventRecord(
                        time: Date(), event: .sent, transport: transport, server: server, request: request.id,
                        payload: line)
                    if attempt > 1 { sent.retry = true }
                    try record(sent)
                    outcome = try await awaitOutcome(of: request, in: &matcher, events: events, socket: socketNumber)
                } else {
                    _ = matcher.abandon(.tcp)
                    outcome = .closedBeforeReply
                }
                switch outcome {
                case .answered(let reply):
                    print(reply)
                    answered = true
                case .lost(let reason):
                    reportLost(request, reason: reason)
                    try record(.lost, request, reason: reason == nil ? "timeout" : "port unreachable")
                    lost += 1
                    answered = true
                case .closedBeforeReply:
                    // A server that closes after each reply (the textbook TCP server) may close before reading
                    // a line sent on the old connection: send it again, once, on a new connection.
                    await socket?.close()
                    socket = nil
                    if !reused || attempt >= 2 {
                        StandardStreams.writeError("the server closed the connection without replying")
                        try record(.lost, request, reason: "the server closed the connection first")
                        lost += 1
                        answered = true
                    }
                }
            }
        }
        return lost == 0
    }

    private enum Outcome {
        case answered([UInt8])
        case lost(reason: String?)
        case closedBeforeReply
    }

    /// Waits for the reply to `request`, its timeout, or the connection's end.
    private func awaitOutcome(
        of request: ReplyMatcher.Request, in matcher: inout ReplyMatcher,
        events: EventChannel<(socket: Int, event: ClientNetEvent)>, socket current: Int
    ) async throws -> Outcome {
        while true {
            let remaining = ContinuousClock.now.duration(to: request.deadline)
            if remaining <= .zero {
                _ = matcher.expire(at: .now)
                return .lost(reason: nil)
            }
            guard let batch = await events.next(timeout: remaining) else {
                _ = matcher.expire(at: request.deadline)
                return .lost(reason: nil)
            }
            for (socket, event) in batch.events {
                if let outcome = try handle(event, from: socket, current: current, awaiting: request, in: &matcher) {
                    return outcome
                }
            }
        }
    }

    /// Records one event of socket `socket` and says on standard error what a user should know about it; returns
    /// the outcome of `request` when the event settles it.
    private func handle(
        _ event: ClientNetEvent, from socket: Int, current: Int, awaiting request: ReplyMatcher.Request?,
        in matcher: inout ReplyMatcher
    ) throws -> Outcome? {
        switch event {
        case .received(let transport, let bytes, let time):
            switch matcher.received(bytes, over: transport, at: time) {
            case .reply(let answered, let rtt, _):
                try record(.reply, answered, payload: bytes, rtt: rtt)
                if answered.id == request?.id { return .answered(bytes) }
            case .mismatched(let answered, let rtt):
                var reply = ClientEventRecord(
                    time: Date(), event: .reply, transport: transport, server: server, request: answered.id,
                    payload: bytes, rtt: rtt)
                reply.expected = String(decoding: answered.expected, as: UTF8.self)
                try record(reply)
                if answered.id == request?.id { return .answered(bytes) }
            case .late(let old, let after):
                StandardStreams.writeError("late reply to line \(old.id) after \(NumberText.duration(after))")
                try record(.late, old, payload: bytes, rtt: after)
            case .duplicate(let old):
                try record(.duplicate, old, payload: bytes)
            case .unsolicited:
                try record(ClientEventRecord(
                    time: Date(), event: .unsolicited, transport: transport, server: server, payload: bytes))
            }
        case .closed(let transport, let reason):
            var close = ClientEventRecord(time: Date(), event: .close)
            close.transport = transport
            close.server = server
            close.reason = reason.map { "connection lost: " + $0 } ?? "closed by server"
            try record(close)
            if transport == .tcp, socket == current, let request,
               matcher.waiting.contains(where: { $0.id == request.id }) {
                _ = matcher.abandon(.tcp)
                return .closedBeforeReply
            }
        case .problem(let transport, let message):
            var problem = ClientEventRecord(time: Date(), event: .problem)
            problem.transport = transport
            problem.server = server
            problem.message = message
            try record(problem)
            if message.hasPrefix("port unreachable"), let request {
                _ = matcher.expire(at: request.deadline)
                return .lost(reason: message)
            }
            StandardStreams.writeError(message)
        case .ready:
            // Recorded when the socket opened, with its handshake time.
            break
        }
        return nil
    }

    /// Appends a record to the transcript file, if there is one.
    private func record(_ event: ClientEventRecord) throws {
        try transcript?.append(event)
    }

    /// Appends a record about a request (the line sent, or what became of it).
    private func record(
        _ event: ClientEventRecord.Event, _ request: ReplyMatcher.Request, payload: [UInt8]? = nil,
        rtt: Duration? = nil, reason: String? = nil
    ) throws {
        guard transcript != nil else { return }
        var entry = ClientEventRecord(
            time: Date(), event: event, transport: request.transport, server: server, request: request.id,
            payload: payload ?? request.text, rtt: rtt)
        entry.reason = reason
        try record(entry)
    }

    private func print(_ reply: [UInt8]) {
        if escapesOutput {
            StandardStreams.writeOutput(VisibleText.escape(reply) + "\n")
        } else {
            StandardStreams.writeOutput(reply + [UInt8(ascii: "\n")])
        }
    }

    private func reportLost(_ request: ReplyMatcher.Request, reason: String?) {
        let text = VisibleText.escape(request.text)
        let why = reason ?? "no reply within \(NumberText.duration(timeout)) (\(transport.label) gives no guarantee of delivery)"
        StandardStreams.writeError("lost: line \(request.id) \"\(text)\": \(why)")
    }

}
