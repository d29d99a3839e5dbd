import Synchronization

/// What a probe socket of `shout check` received, kept until the check that waits on it looks.
///
/// Filled from an event-loop thread, read by the check's task. A check waits at most one `--timeout` at a time, so
/// waiting polls every 2 ms (cheap, and no continuation can be lost between a check and the event loop). At most
/// `capacity` items are kept: a server that floods costs bounded memory.
final class ProbeInbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// Keeps `item` (dropped once `capacity` items wait).
    func append(_ item: Item) {
        state.withLock { state in
            if state.items.count < capacity { state.items.append(item) }
        }
    }

    /// Notes that the socket closed.
    func close() {
        state.withLock { $0.closed = true }
    }

    /// Whether the socket closed.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// What arrived so far.
    var items: [Item] { state.withLock { $0.items } }

    /// Forgets what arrived so far (a reply to an earlier exchange).
    func removeAll() {
        state.withLock { $0.items.removeAll() }
    }

    /// Waits until `done(items, closed)` holds, `deadline` passes or the task is cancelled; returns the items.
    @discardableResult
    func wait(
        until deadline: ContinuousClock.Instant,
        for done: ([Item], Bool) -> Bool
    ) async -> [Item] {
        while true {
            let (items, closed) = state.withLock { ($0.items, $0.closed) }
            if done(items, closed) || ContinuousClock.now >= deadline || Task.isCancelled { return items }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}
