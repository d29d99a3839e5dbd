import Synchronization

/// A bounded, batched, many-producer one-consumer channel of events.
///
/// Producers (the network event loops) never wait: when the channel is full the oldest events are dropped and
/// counted (a quarter of the capacity at once, so a full channel costs each event O(1) on average), so a slow
/// consumer never slows the network path. The consumer takes everything waiting in one batch,
/// either when it wants (the TUI, at its frame rate) or by awaiting the next batch (the headless log).
///
/// With a budget (`eventsPerSecond`), producers ask ``admit(_:)`` before they build an event: past the budget an
/// event is not built at all, only counted as dropped. Under a flood the network path then costs counters, not
/// allocations, and the consumer sees as many events as a person can read.
public final class EventChannel<Event: Sendable>: Sendable {
    /// Everything the consumer gets in one go.
    public struct Batch: Sendable {
        /// The events, oldest first.
        public var events: [Event]
        /// How many events were dropped since the last batch because the channel was full.
        public var dropped: Int
    }

    private struct State {
        /// The waiting events, oldest first. A consumer takes the array whole (a swap, so the lock is held for
        /// no time and no event is copied), and the producers go on with a fresh one as large as the last batch.
        var events: [Event] = []
        var lastBatchCount = 0
        var dropped = 0
        var isFinished = false
        var waiter: CheckedContinuation<Batch?, Never>?
        var waiterGeneration = 0
    }

    /// The most events the channel holds before it drops the oldest.
    public let capacity: Int
    /// The most events admitted per second, or nil for no limit.
    public let eventsPerSecond: Int?
    private let state = Mutex(State())
    /// Events admitted in the current tenth of a second may take these tokens.
    private let tokens = Atomic<Int>(0)
    /// The tenth of a second the tokens belong to.
    private let tokenSlot = Atomic<Int>(-1)
    /// Events refused by the budget since the last batch.
    private let refused = Atomic<Int>(0)

    public init(capacity: Int = 65_536, eventsPerSecond: Int? = nil) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.eventsPerSecond = eventsPerSecond.map { max(10, $0) }
    }

    /// Whether `count` more events fit the budget now; if not, they are counted as dropped and must not be sent.
    /// Costs an atomic operation or two, never a lock.
    @inline(__always)
    public func admit(_ count: Int = 1) -> Bool {
        guard let eventsPerSecond else { return true }
        let elapsed = origin.duration(to: .now).components
        let slot = Int(elapsed.seconds) * 10 + Int(elapsed.attoseconds / 100_000_000_000_000_000)
        let current = tokenSlot.load(ordering: .relaxed)
        if current != slot, tokenSlot.compareExchange(expected: current, desired: slot, ordering: .relaxed).exchanged {
            tokens.store(eventsPerSecond / 10, ordering: .relaxed)
        }
        if tokens.wrappingSubtract(count, ordering: .relaxed).newValue >= 0 { return true }
        refused.wrappingAdd(count, ordering: .relaxed)
        return false
    }

    /// Counts `count` events that were never offered (lost before the producer could see them, as a capture's
    /// kernel drops): the next batch's `dropped` includes them.
    public func countMissed(_ count: Int) {
        refused.wrappingAdd(count, ordering: .relaxed)
    }

    /// When the channel was made; the budget's tenths of a second count from here.
    private let origin = ContinuousClock.now

    /// Adds events; never waits.
    public func send<Events: Sequence>(contentsOf newEvents: Events) where Events.Element == Event {
        let wake: (CheckedContinuation<Batch?, Never>, Batch)? = state.withLock { state in
            guard !state.isFinished else { return nil }
            state.events.append(contentsOf: newEvents)
            let excess = state.events.count - capacity
            if excess > 0 {
                let cut = min(state.events.count, max(excess, capacity / 4))
                state.events.removeFirst(cut)
                state.dropped += cut
            }
            guard let waiter = state.waiter, !state.events.isEmpty else { return nil }
            state.waiter = nil
            return (waiter, self.takeBatch(&state))
        }
        if let (waiter, batch) = wake { waiter.resume(returning: batch) }
    }

    /// Adds one event; never waits.
    public func send(_ event: Event) {
        send(contentsOf: CollectionOfOne(event))
    }

    /// Takes everything waiting now (possibly nothing).
    public func drain() -> Batch {
        state.withLock { self.takeBatch(&$0) }
    }

    /// Whether a consumer is waiting for the next batch now (for tests that must reach the waiting path).
    var hasWaiter: Bool { state.withLock { $0.waiter != nil } }

    /// Waits until events are waiting and takes them all; nil once the channel is finished and empty.
    public func next() async -> Batch? {
        await withCheckedContinuation { continuation in
            let ready: Batch?? = state.withLock { state in
                if !state.events.isEmpty || state.dropped > 0 || refused.load(ordering: .relaxed) > 0 {
                    return .some(self.takeBatch(&state))
                }
                if state.isFinished { return .some(nil) }
                state.waiter = continuation
                state.waiterGeneration += 1
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Waits at most `timeout` for events and takes them all; an empty batch when none came in time, nil once the
    /// channel is finished and empty.
    public func next(timeout: Duration) async -> Batch? {
        await withCheckedContinuation { continuation in
            let outcome: (ready: Batch??, generation: Int) = state.withLock { state in
                if !state.events.isEmpty || state.dropped > 0 || refused.load(ordering: .relaxed) > 0 {
                    return (.some(self.takeBatch(&state)), 0)
                }
                if state.isFinished { return (.some(nil), 0) }
                state.waiter = continuation
                state.waiterGeneration += 1
                return (.none, state.waiterGeneration)
            }
            if let ready = outcome.ready {
                continuation.resume(returning: ready)
                return
            }
            Task { [self] in
                try? await Task.sleep(for: timeout)
                let expired: CheckedContinuation<Batch?, Never>? = self.state.withLock { state in
                    guard state.waiterGeneration == outcome.generation, let waiter = state.waiter else { return nil }
                    state.waiter = nil
                    return waiter
                }
                expired?.resume(returning: Batch(events: [], dropped: 0))
            }
        }
    }

    /// Ends the channel: a waiting consumer gets what is left, then nil.
    public func finish() {
        let waiter: (CheckedContinuation<Batch?, Never>, Batch?)? = state.withLock { state in
            state.isFinished = true
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            let batch = state.events.isEmpty ? nil : self.takeBatch(&state)
            return (waiter, batch)
        }
        if let (continuation, batch) = waiter { continuation.resume(returning: batch) }
    }

    private func takeBatch(_ state: inout State) -> Batch {
        var events: [Event] = []
        if !state.events.isEmpty {
            events.reserveCapacity(max(state.lastBatchCount, state.events.count))
            swap(&events, &state.events)
        }
        state.lastBatchCount = events.count
        let batch = Batch(events: events, dropped: state.dropped + refused.exchange(0, ordering: .relaxed))
        state.dropped = 0
        return batch
    }
}
