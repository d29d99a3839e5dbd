import NIOCore
import ShoutCore
import ShoutSockets

/// Runs the life of one socket the client screen asked for, in one task: opens it, then sends and closes in exactly
/// the order the screen asked (the UI thread only enqueues commands, so it never waits on the network).
/// Everything the socket reports goes into `reports`, tagged with the screen's number for the socket, including the
/// instant each send was handed to the socket (reported from the event loop, before any reply to it can be).
final class ClientSocketWorker: Sendable {
    private enum Command: Sendable {
        case send([UInt8])
        case inspect
        case close
    }

    private let commands: AsyncStream<Command>.Continuation

    /// Starts opening socket `id`.
    init(
        id: Int,
        transport: Transport,
        server: Endpoint,
        group: any EventLoopGroup,
        reports: EventChannel<(socket: Int, report: ClientSocketReport)>
    ) {
        let (stream, continuation) = AsyncStream<Command>.makeStream()
        commands = continuation
        Task {
            let socket: ClientSocket
            do {
                socket = try await ClientSocket.open(transport, to: server, group: group) { event in
                    reports.send((id, .event(event)))
                }
            } catch {
                reports.send((id, .openFailed(Self.socketError(error))))
                return
            }
            // Sends are numbered in the order the screen asked for them, so the screen knows which request each
            // `.sent` stamp belongs to; a send that fails before it reaches the socket just never reports one.
            var sendNumber = 0
            for await command in stream {
                switch command {
                case .send(let bytes):
                    sendNumber += 1
                    let number = sendNumber
                    do {
                        try await socket.send(line: bytes) { instant in
                            reports.send((id, .sent(number: number, at: instant)))
                        }
                    } catch {
                        reports.send((id, .sendFailed(Self.socketError(error), number: number)))
                    }
                case .inspect:
                    if let info = await socket.connectionInfo() { reports.send((id, .connectionInfo(info))) }
                case .close:
                    await socket.close()
                    return
                }
            }
            await socket.close()
        }
    }

    /// A failure as the session's error value.
    static func socketError(_ error: any Error) -> ClientSocketError {
        (error as? NetworkError)?.clientSocketError ?? ClientSocketError(.other, String(describing: error))
    }

    /// Queues a line to send once the socket is open.
    func send(line: [UInt8]) {
        commands.yield(.send(line))
    }

    /// Asks the kernel about the TCP connection once what was queued before is done.
    func inspect() {
        commands.yield(.inspect)
    }

    /// Closes the socket after what was queued before (or as soon as it opens).
    func close() {
        commands.yield(.close)
        commands.finish()
    }
}
