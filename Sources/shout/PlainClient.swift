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

    /// Runs until standard input ends; returns whether every line got its reply.
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
            let payload = transport == .tcp ? line + [UInt8(ascii: "\n")] : line
            var attempt = 0
            var answered = false
            while !answered {
                attempt += 1
                let reused = socket?.isOpen == true
                if !reused {
                    socketNumber += 1
                    let number = socketNumber
                    socket = try await ClientSocket.open(transport, to: server, group: group) {
                        events.send((number, $0))
                    }
                }
                let request = matcher.sent(line, over: transport, at: .now, timeout: timeout)
                var outcome: Outcome
                do {
                    try await socket?.send(payload)
                    outcome = await awaitOutcome(of: request, in: &matcher, events: events, socket: socketNumber)
                } catch where transport == .tcp {
                    _ = matcher.abandon(.tcp)
                    outcome = .closedBeforeReply
                }
                switch outcome {
                case .answered(let reply):
                    print(reply)
                    answered = true
                case .lost(let reason):
                    reportLost(request, reason: reason)
                    lost += 1
                    answered = true
                case .closedBeforeReply:
                    // A server that closes after each reply (the textbook TCP server) may close before reading
                    // a line sent on the old connection: send it again, once, on a new connection.
                    await socket?.close()
                    socket = nil
                    if !reused || attempt >= 2 {
                        StandardStreams.writeError("the server closed the connection without replying")
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
    ) async -> Outcome {
        while true {
            let remaining = ContinuousClock.now.duration(to: request.deadline)
            if remaining <= .zero {
                _ = matcher.expire(at: .now)
                return .lost(reason: nil)
            }
            guard let batch = await events.next(timeout: remaining) else { return .lost(reason: nil) }
            for (socket, event) in batch.events {
                switch event {
                case .received(let transport, let bytes, let time):
                    switch matcher.received(bytes, over: transport, at: time) {
                    case .reply(let answered, _, _) where answered.id == request.id:
                        return .answered(bytes)
                    case .mismatched(let answered, _) where answered.id == request.id:
                        return .answered(bytes)
                    case .late(let old, let after):
                        StandardStreams.writeError("late reply to line \(old.id) after \(NumberText.duration(after))")
                    default:
                        break
                    }
                case .closed(.tcp, _) where socket == current:
                    if matcher.waiting.contains(where: { $0.id == request.id }) {
                        _ = matcher.abandon(.tcp)
                        return .closedBeforeReply
                    }
                case .problem(_, let message):
                    if message.hasPrefix("port unreachable") {
                        _ = matcher.expire(at: request.deadline)
                        return .lost(reason: message)
                    }
                    StandardStreams.writeError(message)
                case .ready, .closed:
                    break
                }
            }
        }
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
