import ShoutCore

/// What one wake-up of a serving loop did, gathered where the traffic is and published at its end in one go: the
/// counts (a handful of atomic additions a wake-up rather than several a datagram or read) and the events listed
/// within the event channel's budget (one call to the channel). Both loops record into one; confined to its
/// loop's thread.
struct ServerBurst {
    /// The channel the events go to, which also keeps the budget they are admitted by.
    let events: EventChannel<ServerEvent>
    /// The counts so far; only the traffic fields (received, replied, dropped, bytes) are published.
    var counts = ServerCounters.Snapshot()
    /// The events so far.
    private(set) var listed: [ServerEvent] = []

    init(events: EventChannel<ServerEvent>) {
        self.events = events
    }

    /// Whether `count` more events fit the budget (see ``EventChannel/admit(_:)``); a caller lists them only then.
    func admit(_ count: Int) -> Bool { events.admit(count) }

    /// Lists an event already admitted.
    mutating func list(_ event: ServerEvent) { listed.append(event) }

    /// Adds the counts to `counters` and hands the events to the channel, then starts over.
    mutating func publish(to counters: ServerCounters) {
        if counts != ServerCounters.Snapshot() {
            if counts.received != 0 { counters.received.wrappingAdd(counts.received, ordering: .relaxed) }
            if counts.bytesIn != 0 { counters.bytesIn.wrappingAdd(counts.bytesIn, ordering: .relaxed) }
            if counts.dropped != 0 { counters.dropped.wrappingAdd(counts.dropped, ordering: .relaxed) }
            if counts.replied != 0 { counters.replied.wrappingAdd(counts.replied, ordering: .relaxed) }
            if counts.bytesOut != 0 { counters.bytesOut.wrappingAdd(counts.bytesOut, ordering: .relaxed) }
            counts = ServerCounters.Snapshot()
        }
        guard !listed.isEmpty else { return }
        events.send(contentsOf: listed)
        listed.removeAll(keepingCapacity: true)
    }
}
