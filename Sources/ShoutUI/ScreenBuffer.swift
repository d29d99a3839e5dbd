import ShoutCore

/// An in-memory screen: a `width` × `height` grid of cells that screens paint into and the backend copies out.
///
/// Writing never fails: text is clipped by display width, a wide character never straddles the clip edge (it
/// becomes a space), and overwriting half of a wide character blanks its other half. As defence in depth, a control
/// character given to `put` is written in its visible escaped form (`\x1b`), never as itself.
public struct ScreenBuffer: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown after drawing; nil hides it.
    public var cursor: (x: Int, y: Int)?

    /// A blank buffer; negative sizes count as zero.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
        cursor = nil
    }

    /// The whole area of the buffer.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a position; a blank cell outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        guard contains(x: x, y: y) else { return .blank }
        return cells[y * width + x]
    }

    /// Whether a position is inside the buffer.
    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` starting at column `x` of row `y`, using at most `maxWidth` columns (default: to the right edge).
    /// Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        let end = write(text, from: x, y: y, style: style, limit: limit)
        return max(0, end - max(0, x))
    }

    /// Fills a rectangle (clipped to the buffer) with a character.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: CellStyle = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let characterWidth = max(1, DisplayWidth.of(character))
        let row = String(repeating: String(character), count: area.width / characterWidth + 1)
        for y in area.y..<area.maxY {
            put(row, x: area.x, y: y, style: style, maxWidth: area.width)
        }
    }

    /// Blanks every cell and hides the cursor.
    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
        cursor = nil
    }

    /// Row `y` as text (continuation cells skipped), trailing spaces trimmed.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var text = ""
        for cell in cells[(y * width)..<((y + 1) * width)] where !cell.isContinuation { text += cell.text }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Every row as text, trailing spaces trimmed: what tests compare against.
    public var lines: [String] { (0..<height).map(line) }

    /// Same size, same cells, same cursor.
    public static func == (lhs: ScreenBuffer, rhs: ScreenBuffer) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells
            && lhs.cursor?.x == rhs.cursor?.x && lhs.cursor?.y == rhs.cursor?.y
    }

    /// Writes `text` from column `x` up to (not including) column `limit`; returns the column after the last one used.
    private mutating func write(_ text: String, from x: Int, y: Int, style: CellStyle, limit: Int) -> Int {
        if let column = writeStandaloneScalars(text, from: x, y: y, style: style, limit: limit) { return column }
        var column = x
        for character in text {
            guard column < limit else { break }
            if let visible = Self.visibleForm(of: character) {
                column = write(visible, from: column, y: y, style: style, limit: limit)
                continue
            }
            var glyph = String(character)
            var glyphWidth = DisplayWidth.of(character)
            if glyphWidth == 0 {
                // An invisible format character alone is dropped; a lone combining mark gets a space to sit on.
                if character.unicodeScalars.first?.properties.generalCategory == .format { continue }
                glyph = " " + glyph
                glyphWidth = 1
            }
            if column + glyphWidth > limit {
                // A wide character that does not fit the last column becomes a space.
                if column >= 0 { setCell(x: column, y: y, to: .space(style)) }
                return column + 1
            }
            if column >= 0 {
                setCell(x: column, y: y, to: Cell(text: glyph, style: style, width: glyphWidth))
                if glyphWidth == 2 { setCell(x: column + 1, y: y, to: .continuation(style)) }
            } else if column + glyphWidth > 0 {
                // The left half is clipped off: show the visible half as a space.
                setCell(x: 0, y: y, to: .space(style))
            }
            column += glyphWidth
        }
        return column
    }

    /// The common case, text of narrow scalars that each stand alone (printable ASCII, and the box drawing,
    /// arrows and punctuation the screens use: ``StandaloneScalars``), scalar by scalar: one column each, no
    /// grapheme breaking and no Unicode property lookups. Returns nil (having written nothing) when `text` holds
    /// anything else.
    private mutating func writeStandaloneScalars(
        _ text: String,
        from x: Int,
        y: Int,
        style: CellStyle,
        limit: Int
    ) -> Int? {
        let isPrintableASCII =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.allSatisfy { $0 &- 0x20 < 0x5F }
            } ?? false
        var column = x
        if isPrintableASCII {
            for byte in text.utf8 {
                guard column < limit else { break }
                if column >= 0 { setCell(x: column, y: y, to: Cell(scalar: Unicode.Scalar(byte), style: style)) }
                column += 1
            }
            return column
        }
        guard text.unicodeScalars.allSatisfy(StandaloneScalars.contains) else { return nil }
        for scalar in text.unicodeScalars {
            guard column < limit else { break }
            if column >= 0 { setCell(x: column, y: y, to: Cell(scalar: scalar, style: style)) }
            column += 1
        }
        return column
    }

    /// Sets one cell, blanking the other half of any wide character it cuts through.
    private mutating func setCell(x: Int, y: Int, to cell: Cell) {
        guard contains(x: x, y: y) else { return }
        let index = y * width + x
        let old = cells[index]
        // A new continuation belongs to the head just written at x - 1: only a head or narrow cell cuts a wide one.
        if old.isContinuation, !cell.isContinuation, x > 0, cells[index - 1].width == 2 {
            cells[index - 1] = .space(cells[index - 1].style)
        }
        if old.width == 2, cell.width != 2, x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1] = .space(old.style)
        }
        cells[index] = cell
    }

    /// The escaped form of a grapheme that must not reach the terminal as it is, or nil if it is safe.
    static func visibleForm(of character: Character) -> String? {
        // ASCII, most of what a screen shows, needs no Unicode property lookups (`\r\n` is one character whose ASCII
        // value is that of `\n`).
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? nil : VisibleText.escape(String(character))
        }
        var needsEscape = false
        for scalar in character.unicodeScalars {
            let category = scalar.properties.generalCategory
            if VisibleText.isControl(scalar) || category == .lineSeparator || category == .paragraphSeparator {
                needsEscape = true
                break
            }
        }
        guard needsEscape else { return nil }
        var text = ""
        for scalar in character.unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .lineSeparator || category == .paragraphSeparator {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                text += VisibleText.escape(String(scalar))
            }
        }
        return text
    }
}
