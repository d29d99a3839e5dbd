import NIOCore
import ShoutCore

/// The sockets a client session asked for, by the session's numbers, each a ``ClientSocketWorker`` reporting into
/// `reports`; both client drivers (the screen and the plain client) carry out the session's socket effects here.
/// Owned by the one thread or task that drives the session.
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

    /// Opens, sends on or closes a socket; a send on a socket that is gone is reported as a failed send.
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
