/// One column of the screen: a grapheme cluster with its style.
///
/// A wide character (2 columns) is stored in its first cell with `width == 2`; the column after it holds a
/// continuation cell (`width == 0`, empty text) that the backend skips.
public struct Cell: Hashable, Sendable {
    /// The grapheme cluster drawn here; empty for a continuation cell.
    public var text: String
    /// How it is drawn.
    public var style: CellStyle
    /// Columns taken: 1, 2 for a wide character, 0 for the continuation of one.
    public var width: Int

    /// A cell; `text` must be one safe grapheme cluster of display width `width`.
    public init(text: String, style: CellStyle = .plain, width: Int = 1) {
        self.text = text
        self.style = style
        self.width = width
    }

    /// An unstyled space.
    public static let blank = Cell(text: " ")

    /// A space in the given style.
    public static func space(_ style: CellStyle) -> Cell { Cell(text: " ", style: style) }

    /// The right half of a wide character.
    public static func continuation(_ style: CellStyle) -> Cell { Cell(text: "", style: style, width: 0) }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
