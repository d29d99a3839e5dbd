import NIOCore
import ShoutCore

/// Holds the TCP connection cap (`--max-connections`) on the listening socket: each accepted connection counts
/// itself here, synchronously on the event loop, before the next one is accepted, and uncounts itself when it
/// closes; one over the cap is closed at once, counted and reported, and never reaches the pipeline behind.
///
/// Counting here rather than when a connection becomes active matters under a burst: NIO accepts several
/// connections in one read and activates them later, so a count taken at activation lets a whole burst past a full
/// server.
final class ConnectionGate: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let maxConnections: Int
    private let counters: ServerCounters
    private let events: EventChannel<ServerEvent>

    /// A gate for at most `maxConnections` open connections, counting into `counters` and reporting to `events`.
    /// Why the cap is what it is, when `--max-connections` set it.
    static let optionCap = " (--max-connections)"

    /// The line that says a connection was closed at once: `open` connections are open, as many as `cap` allows.
    static func refusal(of peer: Endpoint, open: Int, cap: String) -> ServerEvent {
        let connections = open == 1 ? "1 connection is open" : "\(open) connections are open"
        return ServerEvent(.problem("TCP connection from \(peer.description) closed at once: \(connections)\(cap)"))
    }

    init(maxConnections: Int, counters: ServerCounters, events: EventChannel<ServerEvent>) {
        self.maxConnections = maxConnections
        self.counters = counters
        self.events = events
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        let counters = counters
        if counters.connectionsOpen.load(ordering: .relaxed) >= maxConnections {
            counters.connectionsRefused.wrappingAdd(1, ordering: .relaxed)
            let peer = connection.remoteAddress?.endpoint ?? Endpoint(host: "?", port: 0)
            events.send(Self.refusal(of: peer, open: maxConnections, cap: Self.optionCap))
            connection.close(promise: nil)
            return
        }
        counters.connectionsOpen.wrappingAdd(1, ordering: .relaxed)
        counters.connectionsAccepted.wrappingAdd(1, ordering: .relaxed)
        connection.closeFuture.whenComplete { _ in
            counters.connectionsOpen.wrappingSubtract(1, ordering: .relaxed)
        }
        context.fireChannelRead(data)
    }
}
