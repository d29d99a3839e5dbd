import NIOCore
import ShoutCore
import ShoutSockets
import Synchronization

/// One socket a client session asked for, by the session's number: opens it in a task of its own, then carries out
/// the session's effects on it on the caller's thread, without waiting (a datagram is one `send(2)` that never
/// blocks; a TCP line is queued on the connection's event loop, which keeps the order).
///
/// It holds no line of its own. A line typed before its socket is open waits in the session (``ClientSession``
/// keeps it, pure and tested, with what a failed open must report and what a closed connection must send again),
/// and the session sends only on a socket that said it is ready: the worker says `.ready` once the socket takes
/// sends, and a send before that is refused (`.sendFailed` without a number), never queued. Everything the socket
/// reports goes into `reports`, tagged with the session's number for it, including the instant each send was handed
/// to the socket (`.sent`, numbered from 1 in the order of the sends, as the session numbers them).
final class ClientSocketWorker: Sendable {
    private enum Phase {
        /// Being opened; `closeAsked` once the session closed it before it opened.
        case opening(closeAsked: Bool)
        /// Open: sends go to it.
        case open(ClientSocket)
        /// Closed by the session, or never opened.
        case closed
    }

    private struct State {
        var phase = Phase.opening(closeAsked: false)
        /// Sends handed to the socket so far.
        var sends = 0
    }

    /// The session's number for the socket.
    let id: Int
    private let reports: EventChannel<(socket: Int, report: ClientSocketReport)>
    private let state = Mutex(State())

    /// Starts opening socket `id`.
    init(
        id: Int,
        transport: Transport,
        server: Endpoint,
        group: any EventLoopGroup,
        reports: EventChannel<(socket: Int, report: ClientSocketReport)>
    ) {
        self.id = id
        self.reports = reports
        Task { await self.open(transport, to: server, group: group) }
    }

    private func open(_ transport: Transport, to server: Endpoint, group: any EventLoopGroup) async {
        let (id, reports) = (self.id, self.reports)
        let socket: ClientSocket
        do {
            socket = try await ClientSocket.open(transport, to: server, group: group) { event in
                // Said below, once the socket takes sends: the session sends its waiting lines when it hears it.
                if case .ready = event { return }
                reports.send((id, .event(event)))
            }
        } catch {
            state.withLock { $0.phase = .closed }
            reports.send((id, .openFailed(Self.socketError(error))))
            return
        }
        let closeAsked = state.withLock { state in
            guard case .opening(false) = state.phase else { return true }
            state.phase = .open(socket)
            return false
        }
        if closeAsked {
            await socket.close()
            return
        }
        let ready = ClientNetEvent.ready(transport, remote: socket.remote, local: socket.local, setup: socket.setup)
        reports.send((id, .event(ready)))
    }

    /// A failure as the session's error value.
    static func socketError(_ error: any Error) -> ClientSocketError {
        (error as? NetworkError)?.clientSocketError ?? ClientSocketError(.other, String(describing: error))
    }

    /// Hands a line to the open socket; on a socket not open (yet, or any more) it is a failed send.
    func send(line: [UInt8]) {
        let taken = state.withLock { state -> (socket: ClientSocket, number: Int)? in
            guard case .open(let socket) = state.phase else { return nil }
            state.sends += 1
            return (socket, state.sends)
        }
        let (id, reports) = (self.id, self.reports)
        guard let (socket, number) = taken else {
            let error = ClientSocketError(.other, "The socket is not open; send the line again.")
            reports.send((id, .sendFailed(error, number: nil)))
            return
        }
        socket.submit(
            line: line,
            written: { reports.send((id, .sent(number: number, at: $0))) },
            failed: { reports.send((id, .sendFailed(Self.socketError($0), number: number))) }
        )
    }

    /// Asks the kernel about the TCP connection, if it is open.
    func inspect() {
        let socket = state.withLock { state -> ClientSocket? in
            guard case .open(let socket) = state.phase else { return nil }
            return socket
        }
        guard let socket else { return }
        let (id, reports) = (self.id, self.reports)
        Task {
            if let info = await socket.connectionInfo() { reports.send((id, .connectionInfo(info))) }
        }
    }

    /// Closes the socket (one still opening is closed as soon as it opens, and says nothing).
    func close() {
        let socket = state.withLock { state -> ClientSocket? in
            switch state.phase {
            case .opening:
                state.phase = .opening(closeAsked: true)
                return nil
            case .open(let socket):
                state.phase = .closed
                return socket
            case .closed:
                return nil
            }
        }
        guard let socket else { return }
        Task { await socket.close() }
    }
}
