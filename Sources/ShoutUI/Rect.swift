/// A rectangle of cells on the screen, with the slicing helpers screens lay themselves out with.
///
/// Every helper clamps: slicing more than there is gives everything and leaves an empty remainder; sizes never go
/// negative.
public struct Rect: Hashable, Sendable {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Columns (never negative).
    public var width: Int
    /// Rows (never negative).
    public var height: Int

    /// A rectangle; negative sizes count as zero.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The column just right of the rectangle.
    public var maxX: Int { x + width }
    /// The row just below the rectangle.
    public var maxY: Int { y + height }
    /// Whether it holds no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Whether a cell is inside.
    public func contains(x: Int, y: Int) -> Bool { x >= self.x && x < maxX && y >= self.y && y < maxY }

    /// The overlap of two rectangles (empty if none).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by `amount` on every side.
    public func inset(by amount: Int) -> Rect { inset(top: amount, left: amount, bottom: amount, right: amount) }

    /// The rectangle shrunk by the given margins.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let newWidth = max(0, width - left - right)
        let newHeight = max(0, height - top - bottom)
        return Rect(x: x + min(left, width), y: y + min(top, height), width: newWidth, height: newHeight)
    }

    /// The top `rows` rows, and what is left below them.
    public func sliceTop(_ rows: Int) -> (top: Rect, remainder: Rect) {
        let taken = min(max(0, rows), height)
        return (
            Rect(x: x, y: y, width: width, height: taken),
            Rect(x: x, y: y + taken, width: width, height: height - taken)
        )
    }

    /// The bottom `rows` rows, and what is left above them.
    public func sliceBottom(_ rows: Int) -> (remainder: Rect, bottom: Rect) {
        let taken = min(max(0, rows), height)
        return (
            Rect(x: x, y: y, width: width, height: height - taken),
            Rect(x: x, y: maxY - taken, width: width, height: taken)
        )
    }

    /// The left `columns` columns, and what is left to their right.
    public func sliceLeft(_ columns: Int) -> (left: Rect, remainder: Rect) {
        let taken = min(max(0, columns), width)
        return (
            Rect(x: x, y: y, width: taken, height: height),
            Rect(x: x + taken, y: y, width: width - taken, height: height)
        )
    }

    /// The right `columns` columns, and what is left to their left.
    public func sliceRight(_ columns: Int) -> (remainder: Rect, right: Rect) {
        let taken = min(max(0, columns), width)
        return (
            Rect(x: x, y: y, width: width - taken, height: height),
            Rect(x: maxX - taken, y: y, width: taken, height: height)
        )
    }

    /// Two side-by-side parts with `gap` columns between them; the left gets `fraction` of the rest (rounded down).
    public func splitColumns(fraction: Double = 0.5, gap: Int = 0) -> (left: Rect, right: Rect) {
        let usable = max(0, width - max(0, gap))
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0.5
        let leftWidth = Int((Double(usable) * clamped).rounded(.down))
        let (left, rest) = sliceLeft(leftWidth)
        return (left, rest.inset(left: max(0, gap)))
    }

    /// Two stacked parts with `gap` rows between them; the top gets `fraction` of the rest (rounded down).
    public func splitRows(fraction: Double = 0.5, gap: Int = 0) -> (top: Rect, bottom: Rect) {
        let usable = max(0, height - max(0, gap))
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0.5
        let topHeight = Int((Double(usable) * clamped).rounded(.down))
        let (top, rest) = sliceTop(topHeight)
        return (top, rest.inset(top: max(0, gap)))
    }
}
