import NIOCore
import ShoutCore
import ShoutNet
import ShoutUI

/// Runs the life of one socket the client screen asked for, in one task: opens it, then sends and closes in exactly
/// the order the screen asked (the UI thread only enqueues commands, so it never waits on the network).
/// Everything the socket reports goes into `reports`, tagged with the screen's number for the socket.
final class ClientSocketWorker: Sendable {
    private enum Command: Sendable {
        case send([UInt8])
        case close
    }

    private let commands: AsyncStream<Command>.Continuation

    /// Starts opening socket `id`.
    init(
        id: Int, transport: Transport, server: Endpoint, group: any EventLoopGroup,
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
                reports.send((id, .openFailed(String(describing: error))))
                return
            }
            for await command in stream {
                switch command {
                case .send(let bytes):
                    do {
                        try await socket.send(bytes)
                    } catch {
                        reports.send((id, .sendFailed(String(describing: error))))
                    }
                case .close:
                    await socket.close()
                    return
                }
            }
            await socket.close()
        }
    }

    /// Queues bytes to send once the socket is open.
    func send(_ bytes: [UInt8]) {
        commands.yield(.send(bytes))
    }

    /// Closes the socket after what was queued before (or as soon as it opens).
    func close() {
        commands.yield(.close)
        commands.finish()
    }
}
