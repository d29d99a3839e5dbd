/// The characters for borders and separators, in Unicode or in plain ASCII, and the routines that draw them.
///
/// Choose `.ascii` when the terminal's locale is not UTF-8 (`LANG=C`): `+`, `-` and `|` show everywhere.
/// Titles sit in the top border or a separator as `┌ Title ───…─ Right title ─┐`.
public struct BoxDrawing: Hashable, Sendable {
    /// `─`
    public let horizontal: Character
    /// `│`
    public let vertical: Character
    /// `┌`
    public let topLeft: Character
    /// `┐`
    public let topRight: Character
    /// `└`
    public let bottomLeft: Character
    /// `┘`
    public let bottomRight: Character
    /// `├`: a separator meeting the left border.
    public let teeRight: Character
    /// `┤`: a separator meeting the right border.
    public let teeLeft: Character
    /// `┬`: a vertical line leaving a horizontal one downwards.
    public let teeDown: Character
    /// `┴`: a vertical line meeting a horizontal one from above.
    public let teeUp: Character
    /// `┼`
    public let cross: Character
    /// `…`, or `~` in ASCII: marks a cut title.
    public let ellipsis: String

    /// Light Unicode box-drawing characters.
    public static let unicode = BoxDrawing(
        horizontal: "─",
        vertical: "│",
        topLeft: "┌",
        topRight: "┐",
        bottomLeft: "└",
        bottomRight: "┘",
        teeRight: "├",
        teeLeft: "┤",
        teeDown: "┬",
        teeUp: "┴",
        cross: "┼",
        ellipsis: "…"
    )

    /// Plain ASCII for terminals that cannot show Unicode.
    public static let ascii = BoxDrawing(
        horizontal: "-",
        vertical: "|",
        topLeft: "+",
        topRight: "+",
        bottomLeft: "+",
        bottomRight: "+",
        teeRight: "+",
        teeLeft: "+",
        teeDown: "+",
        teeUp: "+",
        cross: "+",
        ellipsis: "~"
    )

    /// `.ascii` when `useASCII`, else `.unicode`.
    public static func choose(useASCII: Bool) -> BoxDrawing { useASCII ? .ascii : .unicode }

    private init(
        horizontal: Character,
        vertical: Character,
        topLeft: Character,
        topRight: Character,
        bottomLeft: Character,
        bottomRight: Character,
        teeRight: Character,
        teeLeft: Character,
        teeDown: Character,
        teeUp: Character,
        cross: Character,
        ellipsis: String
    ) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
        self.teeRight = teeRight
        self.teeLeft = teeLeft
        self.teeDown = teeDown
        self.teeUp = teeUp
        self.cross = cross
        self.ellipsis = ellipsis
    }

    /// Draws the border of `rect` with optional titles in its top edge; the inside is left as it is.
    /// Use `rect.inset(by: 1)` for the content area. Rectangles smaller than 2×2 draw nothing.
    public func drawBox(
        _ rect: Rect,
        title: String? = nil,
        rightTitle: String? = nil,
        style: CellStyle = .plain,
        titleStyle: CellStyle? = nil,
        into buffer: inout ScreenBuffer
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        drawRule(
            y: rect.y,
            from: rect.x,
            to: rect.maxX - 1,
            left: topLeft,
            right: topRight,
            title: title,
            rightTitle: rightTitle,
            style: style,
            titleStyle: titleStyle ?? style,
            into: &buffer
        )
        drawRule(
            y: rect.maxY - 1,
            from: rect.x,
            to: rect.maxX - 1,
            left: bottomLeft,
            right: bottomRight,
            title: nil,
            rightTitle: nil,
            style: style,
            titleStyle: style,
            into: &buffer
        )
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            buffer.put(String(vertical), x: rect.x, y: y, style: style, maxWidth: 1)
            buffer.put(String(vertical), x: rect.maxX - 1, y: y, style: style, maxWidth: 1)
        }
    }

    /// Draws a horizontal separator across the box `rect` at row `y`, joined to its borders (`├ Title ───┤`).
    public func drawSeparator(
        y: Int,
        in rect: Rect,
        title: String? = nil,
        rightTitle: String? = nil,
        style: CellStyle = .plain,
        titleStyle: CellStyle? = nil,
        into buffer: inout ScreenBuffer
    ) {
        guard rect.width >= 2 else { return }
        drawRule(
            y: y,
            from: rect.x,
            to: rect.maxX - 1,
            left: teeRight,
            right: teeLeft,
            title: title,
            rightTitle: rightTitle,
            style: style,
            titleStyle: titleStyle ?? style,
            into: &buffer
        )
    }

    /// Draws a vertical line at column `x` from row `top` to row `bottom` (inclusive), turning the horizontal lines
    /// it meets into junctions (`┬` at the top, `┴` at the bottom, `┼` in between).
    public func drawVerticalLine(
        x: Int,
        top: Int,
        bottom: Int,
        style: CellStyle = .plain,
        into buffer: inout ScreenBuffer
    ) {
        guard top <= bottom else { return }
        let horizontalScalar = horizontal.unicodeScalars.first ?? " "
        for y in top...bottom {
            let meetsHorizontal = buffer[x, y].isSingle(horizontalScalar)
            let glyph: Character
            if meetsHorizontal {
                glyph = y == top ? teeDown : (y == bottom ? teeUp : cross)
            } else {
                glyph = vertical
            }
            buffer.put(String(glyph), x: x, y: y, style: style, maxWidth: 1)
        }
    }

    /// One horizontal rule from column `from` to column `to` (inclusive) with end pieces and titles.
    private func drawRule(
        y: Int,
        from left: Int,
        to right: Int,
        left leftPiece: Character,
        right rightPiece: Character,
        title: String?,
        rightTitle: String?,
        style: CellStyle,
        titleStyle: CellStyle,
        into buffer: inout ScreenBuffer
    ) {
        let inner = right - left - 1
        buffer.put(String(leftPiece), x: left, y: y, style: style, maxWidth: 1)
        buffer.put(
            String(repeating: String(horizontal), count: max(0, inner)),
            x: left + 1,
            y: y,
            style: style,
            maxWidth: inner
        )
        buffer.put(String(rightPiece), x: right, y: y, style: style, maxWidth: 1)
        // Layout inside the rule: "<left> Title ─…─ Right ─<right>"; each title has a space either side. The left
        // title matters more: the right one is shown only whole, and only if it leaves the left one room.
        var available = inner
        if let rightTitle, !rightTitle.isEmpty {
            let rightWidth = DisplayWidth.of(rightTitle) + 2
            let leftWanted = title.map { min(DisplayWidth.of($0) + 2, 12) } ?? 0
            if rightWidth + 2 + leftWanted <= inner {
                buffer.put(
                    " " + rightTitle + " ",
                    x: right - 1 - rightWidth,
                    y: y,
                    style: titleStyle,
                    maxWidth: rightWidth
                )
                available -= rightWidth + 2  // the rule piece after it, and one before it
            }
        }
        if let title, !title.isEmpty, available >= 3 {
            let leftText = TextWrap.truncate(title, width: available - 2, ellipsis: ellipsis)
            if !leftText.isEmpty {
                buffer.put(" " + leftText + " ", x: left + 1, y: y, style: titleStyle, maxWidth: available)
            }
        }
    }
}
