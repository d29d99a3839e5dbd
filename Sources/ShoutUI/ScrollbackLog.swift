import ShoutCore

/// A pane's bounded list of lines and where its reader is looking.
///
/// The view is anchored to the bottom: `offset` is how many of the newest lines are below the view. While the reader
/// is at the bottom (`offset == 0`) new lines scroll in; once they have scrolled up, new lines do not move the view
/// and `newBelow` counts those not yet seen. When full, the oldest line is dropped and the view does not move.
/// Heights passed in are the pane's current height in rows. A line may take several rows (a transcript entry that
/// wraps): `ScrollbackLog+Rows.swift` scrolls such a log by rows, and `cutRows` is then how many rows of the line at
/// the view's bottom edge are below the view.
public struct ScrollbackLog<Line> {
    /// Lines kept when no capacity is given.
    public static var defaultCapacity: Int { 10_000 }

    private var ring: RingBuffer<Line>
    /// Newest lines below the view (0: following new lines at the bottom).
    public internal(set) var offset = 0
    /// Lines appended below the view since the reader scrolled up and not yet scrolled into view.
    public internal(set) var newBelow = 0
    /// Rows of the line at the view's bottom edge (the newest one not wholly below) that are below the view; 0 for
    /// a log scrolled by lines.
    public internal(set) var cutRows = 0

    /// An empty log keeping at most `capacity` lines.
    public init(capacity: Int = defaultCapacity) {
        ring = RingBuffer(capacity: capacity)
    }

    /// The most lines kept.
    public var capacity: Int { ring.capacity }
    /// Lines held.
    public var count: Int { ring.count }
    /// Whether the view follows new lines.
    public var isAtBottom: Bool { offset == 0 && cutRows == 0 }

    /// The line `index` places after the oldest kept one.
    public subscript(index: Int) -> Line { ring[index] }

    /// Every line, oldest first.
    public var lines: [Line] { ring.elements(in: 0..<ring.count) }

    /// Adds a line at the bottom.
    public mutating func append(_ line: Line) {
        ring.append(line)
        if !isAtBottom {
            offset = min(offset + 1, ring.count)
            newBelow += 1
            if offset == ring.count { cutRows = 0 }
        }
    }

    /// Puts a line at `index` among the lines held (``count``: at the bottom, as `append`). A line put below the view
    /// counts as new there and does not move the view, as an appended one; one put in or above it moves nothing.
    public mutating func insert(_ line: Line, at index: Int) {
        guard index < ring.count else {
            append(line)
            return
        }
        let isBelowView = index >= ring.count - offset
        ring.insert(line, at: index)
        if !isAtBottom, isBelowView {
            offset = min(offset + 1, ring.count)
            newBelow += 1
        }
    }

    /// Adds lines at the bottom, oldest first.
    public mutating func append<Lines: Sequence>(contentsOf lines: Lines) where Lines.Element == Line {
        for line in lines { append(line) }
    }

    /// Moves the view `delta` lines: negative towards older lines, positive towards newer ones.
    public mutating func scroll(by delta: Int, height: Int) {
        let maximum = max(0, ring.count - max(1, height))
        offset = min(maximum, max(0, min(offset, maximum) - delta))
        newBelow = min(newBelow, offset)
    }

    /// One page towards older lines (keeping one line of context).
    public mutating func pageUp(height: Int) { scroll(by: -max(1, height - 1), height: height) }

    /// One page towards newer lines.
    public mutating func pageDown(height: Int) { scroll(by: max(1, height - 1), height: height) }

    /// The view shows the oldest lines.
    public mutating func home(height: Int) { scroll(by: -ring.count, height: height) }

    /// The view follows the newest lines again.
    public mutating func end() {
        offset = 0
        cutRows = 0
        newBelow = 0
    }

    /// The lines in a view `height` rows tall, oldest first (fewer when the log is short).
    public func visible(height: Int) -> [Line] {
        guard height > 0 else { return [] }
        let effectiveOffset = min(offset, max(0, ring.count - height))
        let end = ring.count - effectiveOffset
        return ring.elements(in: max(0, end - height)..<end)
    }

    /// Removes every line and returns to the bottom.
    public mutating func clear() {
        ring.removeAll()
        end()
    }
}

extension ScrollbackLog: Sendable where Line: Sendable {}
