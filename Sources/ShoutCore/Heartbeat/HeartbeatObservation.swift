/// What one lab ping or heartbeat datagram said about its peer, for the log line of that datagram: its own
/// sequence number and what it was (a duplicate, reordered, its one-way delay), and the peer's figures after it.
public struct HeartbeatObservation: Sendable, Equatable {
    /// The datagram's payload, parsed.
    public var payload: HeartbeatPayload
    /// Whether its sequence number had arrived already.
    public var isDuplicate = false
    /// Whether it arrived after a higher sequence number had.
    public var isReordered = false
    /// Its one-way delay in milliseconds, when its time field parsed.
    public var oneWay: Double?
    /// Whether it arrived (false: `--drop` dropped it, and it counts as a gap).
    public var arrived = true
    /// Whether it is the first after the peer had counted as stopped.
    public var resumed = false
    /// The peer's figures after it.
    public var heartbeat: Heartbeat?

    public init(payload: HeartbeatPayload) {
        self.payload = payload
    }

    /// What the first datagram of a peer says: its figures as they start.
    public init(first heartbeat: Heartbeat, payload: HeartbeatPayload) {
        self.payload = payload
        arrived = heartbeat.arrivals > 0
        oneWay = arrived ? heartbeat.oneWay : nil
        self.heartbeat = heartbeat
    }
}
