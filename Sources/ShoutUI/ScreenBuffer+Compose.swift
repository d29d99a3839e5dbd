extension ScreenBuffer {
    /// Copies every cell of `other` into this buffer with its top-left corner at (`x`, `y`), clipped to this buffer;
    /// the cursor is left alone (see ``cursor(of:at:)``). For a screen that can only paint a whole buffer of its own.
    public mutating func draw(_ other: ScreenBuffer, atX x: Int, y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width {
                let cell = other[column, row]
                // A wide character's head writes its continuation too.
                guard !cell.isContinuation else { continue }
                put(cell.text, x: x + column, y: y + row, style: cell.style, maxWidth: max(1, cell.width))
            }
        }
    }

    /// `other`'s cursor moved to where `draw(other, atX: x, y: y)` puts it, or nil.
    public static func cursor(of other: ScreenBuffer, atX x: Int, y: Int) -> (x: Int, y: Int)? {
        other.cursor.map { (x + $0.x, y + $0.y) }
    }
}
