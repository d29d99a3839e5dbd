/// A fixed-capacity first-in, first-out store: appending to a full ring drops its oldest element.
///
/// Array-backed, O(1) append and index: the screens' scrollback and the client session's records.
public struct RingBuffer<Element> {
    /// The most elements kept (at least 1).
    public let capacity: Int
    private var storage: [Element] = []
    private var head = 0  // index in `storage` of the oldest element once the ring is full

    /// An empty ring keeping at most `capacity` elements.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Number of elements held.
    public var count: Int { storage.count }

    /// Whether the ring is empty.
    public var isEmpty: Bool { storage.isEmpty }

    /// The element `index` places after the oldest (0 is the oldest); `index` must be in `0..<count`.
    public subscript(index: Int) -> Element {
        storage[(head + index) % storage.count]
    }

    /// Adds an element; returns true if the oldest one was dropped to make room.
    @discardableResult
    public mutating func append(_ element: Element) -> Bool {
        if storage.count < capacity {
            storage.append(element)
            return false
        }
        storage[head] = element
        head = (head + 1) % capacity
        return true
    }

    /// Puts an element at `index` (0 is before the oldest, ``count`` is the same as `append`); when the ring is full,
    /// its oldest element is dropped to make room (the new one itself, at index 0). O(count) unless appending.
    public mutating func insert(_ element: Element, at index: Int) {
        let index = min(max(0, index), count)
        guard index < count else {
            append(element)
            return
        }
        if head != 0 {
            storage = elements(in: 0..<count)
            head = 0
        }
        storage.insert(element, at: index)
        if storage.count > capacity { storage.removeFirst() }
    }

    /// Removes everything.
    public mutating func removeAll() {
        storage = []
        head = 0
    }

    /// The elements in `range` (indices as for the subscript, clamped to the ring), oldest first.
    public func elements(in range: Range<Int>) -> [Element] {
        let lower = max(0, range.lowerBound)
        let upper = min(count, range.upperBound)
        guard lower < upper else { return [] }
        return (lower..<upper).map { self[$0] }
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
