import Synchronization

/// The server's exact totals, counted on the network path with lock-free atomics.
///
/// They are kept apart from the event channel so that they stay exact when events are dropped or panes forget.
public final class ServerCounters: Sendable {
    /// Datagrams and TCP reads received.
    public let received = Atomic<Int>(0)
    /// Replies sent (datagrams, or TCP writes).
    public let replied = Atomic<Int>(0)
    /// Bytes received.
    public let bytesIn = Atomic<Int>(0)
    /// Bytes sent.
    public let bytesOut = Atomic<Int>(0)
    /// Datagrams not answered on purpose (impairment, rate limit, refused source port).
    public let dropped = Atomic<Int>(0)
    /// TCP connections accepted since start.
    public let connectionsAccepted = Atomic<Int>(0)
    /// TCP connections open now.
    public let connectionsOpen = Atomic<Int>(0)
    /// TCP connections closed at once because `--max-connections` were open.
    public let connectionsRefused = Atomic<Int>(0)

    public init() {}

    /// A plain copy of every counter at one moment.
    public var snapshot: Snapshot {
        Snapshot(
            received: received.load(ordering: .relaxed),
            replied: replied.load(ordering: .relaxed),
            bytesIn: bytesIn.load(ordering: .relaxed),
            bytesOut: bytesOut.load(ordering: .relaxed),
            dropped: dropped.load(ordering: .relaxed),
            connectionsAccepted: connectionsAccepted.load(ordering: .relaxed),
            connectionsOpen: connectionsOpen.load(ordering: .relaxed),
            connectionsRefused: connectionsRefused.load(ordering: .relaxed)
        )
    }

    /// The counters' values at one moment.
    public struct Snapshot: Sendable, Equatable {
        public var received = 0
        public var replied = 0
        public var bytesIn = 0
        public var bytesOut = 0
        public var dropped = 0
        public var connectionsAccepted = 0
        public var connectionsOpen = 0
        public var connectionsRefused = 0

        public init(
            received: Int = 0,
            replied: Int = 0,
            bytesIn: Int = 0,
            bytesOut: Int = 0,
            dropped: Int = 0,
            connectionsAccepted: Int = 0,
            connectionsOpen: Int = 0,
            connectionsRefused: Int = 0
        ) {
            self.received = received
            self.replied = replied
            self.bytesIn = bytesIn
            self.bytesOut = bytesOut
            self.dropped = dropped
            self.connectionsAccepted = connectionsAccepted
            self.connectionsOpen = connectionsOpen
            self.connectionsRefused = connectionsRefused
        }

        /// The one-line summary printed when the server stops, its numbers written as the screen writes them.
        public var summary: String {
            let number = NumberText.grouped
            return "received \(number(received)) (\(NumberText.bytes(bytesIn))), replied \(number(replied)) "
                + "(\(NumberText.bytes(bytesOut))), dropped \(number(dropped)), "
                + "TCP connections \(number(connectionsAccepted))"
                + (connectionsRefused > 0 ? " (\(number(connectionsRefused)) refused at the connection cap)" : "")
        }
    }
}
