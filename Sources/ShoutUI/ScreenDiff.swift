/// The cells that changed between the screen last drawn and the new one, as runs the backend writes in order.
///
/// A run never starts on the right half of a wide character and never ends between its halves, so the backend can
/// always write whole characters. With no previous screen, or a previous one of another size, every cell is a change.
public struct ScreenDiff: Equatable, Sendable {
    /// Consecutive changed cells on one row.
    public struct Run: Equatable, Sendable {
        /// Column of the first cell.
        public var x: Int
        /// Row.
        public var y: Int
        /// The new cells, continuation cells included.
        public var cells: [Cell]
    }

    /// The runs, top to bottom, left to right.
    public let runs: [Run]
    /// Whether every cell is included (first frame or size change): the backend should clear first.
    public let isFullRedraw: Bool

    /// The changes from `old` (nil: nothing drawn yet) to `new`.
    public init(from old: ScreenBuffer?, to new: ScreenBuffer) {
        guard let old, old.width == new.width, old.height == new.height else {
            isFullRedraw = true
            runs = (0..<new.height).map { y in Run(x: 0, y: y, cells: (0..<new.width).map { new[$0, y] }) }
            return
        }
        isFullRedraw = false
        var runs: [Run] = []
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                guard old[x, y] != new[x, y] else {
                    x += 1
                    continue
                }
                var start = x
                while start > 0, new[start, y].isContinuation { start -= 1 }
                var end = x + 1
                while end < new.width, old[end, y] != new[end, y] || new[end, y].isContinuation { end += 1 }
                if let last = runs.last, last.y == y, last.x + last.cells.count >= start {
                    // Touching the previous run (possible after widening to a wide character's head): extend it.
                    let from = last.x + last.cells.count
                    runs[runs.count - 1].cells += (from..<end).map { new[$0, y] }
                } else {
                    runs.append(Run(x: start, y: y, cells: (start..<end).map { new[$0, y] }))
                }
                x = end
            }
        }
        self.runs = runs
    }

    /// Number of cells to write.
    public var cellCount: Int { runs.reduce(0) { $0 + $1.cells.count } }
}
