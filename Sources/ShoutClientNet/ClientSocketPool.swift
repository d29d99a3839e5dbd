import NIOCore
import ShoutCore

/// The sockets a client session asked for, by the session's numbers, each a ``ClientSocketWorker`` reporting into
/// `reports`; every client driver (the screen, the plain client, `shout ping`) carries out the session's socket
/// effects here. Owned by the one thread or task that drives the session, which it never makes wait: opening runs in
/// a task, and a line is handed to its open socket at once (lines wait for a socket in the session, not here).
public struct ClientSocketPool {
    /// The event loops the sockets run on.
    public let group: any EventLoopGroup
    /// Where every socket reports, tagged with its number.
    public let reports: EventChannel<(socket: Int, report: ClientSocketReport)>
    private var workers: [Int: ClientSocketWorker] = [:]

    /// A pool with no socket yet.
    public init(group: any EventLoopGroup, reports: EventChannel<(socket: Int, report: ClientSocketReport)>) {
        self.group = group
        self.reports = reports
    }

    /// Opens, sends on, inspects or closes a socket; a send on a socket that is gone (or not open yet, which the
    /// session never asks for) is reported as a failed send.
    public mutating func carryOut(_ effect: ClientSessionEffect) {
        switch effect {
        case .open(let id, let transport, let server):
            workers[id] = ClientSocketWorker(
                id: id,
                transport: transport,
                server: server,
                group: group,
                reports: reports
            )
        case .send(let id, let line):
            if let worker = workers[id] {
                worker.send(line: line)
            } else {
                reports.send(
                    (
                        id,
                        .sendFailed(ClientSocketError(.other, "The socket is gone; send the line again."), number: nil)
                    )
                )
            }
        case .close(let id):
            workers.removeValue(forKey: id)?.close()
        case .inspect(let id):
            workers[id]?.inspect()
        }
    }

    /// Closes every socket.
    public mutating func closeAll() {
        for worker in workers.values { worker.close() }
        workers.removeAll()
    }
}
