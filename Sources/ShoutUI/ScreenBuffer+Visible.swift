import ShoutCore

extension ScreenBuffer {
    /// Writes bytes a peer sent, shown through `VisibleText.escape` (controls as `\x1b`, bad UTF-8 as `�`).
    /// Returns the number of columns written.
    @discardableResult
    public mutating func putVisible<Bytes: Sequence>(
        bytes: Bytes,
        x: Int,
        y: Int,
        style: CellStyle = .plain,
        maxWidth: Int? = nil
    ) -> Int where Bytes.Element == UInt8 {
        put(VisibleText.escape(bytes), x: x, y: y, style: style, maxWidth: maxWidth)
    }

    /// Writes text from outside the program (a peer, a file) through `VisibleText.escape`.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func putVisible(
        _ text: String,
        x: Int,
        y: Int,
        style: CellStyle = .plain,
        maxWidth: Int? = nil
    ) -> Int {
        put(VisibleText.escape(text), x: x, y: y, style: style, maxWidth: maxWidth)
    }
}
