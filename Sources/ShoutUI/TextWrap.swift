/// Fitting text into columns by display width: wrapping, truncating with an ellipsis, padding.
///
/// Nothing here splits a grapheme cluster or a wide character.
public enum TextWrap {
    /// `text` broken into lines of at most `width` columns: at spaces when possible, inside a word when the word alone
    /// is too long. Newlines in `text` end lines. Spaces where a line was broken are dropped. A character wider than
    /// `width` itself is shown as `…`. Returns `[""]` for empty text and `[]` when `width` is not positive.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            wrapParagraph(paragraph, width: width, into: &lines)
        }
        return lines
    }

    /// The narrowest column a hanging indent leaves for its text; narrower than this, the text goes under the lead
    /// at the left edge instead.
    public static let narrowestHangingColumn = 20

    /// `text` after a lead `leadWidth` columns wide, in lines of at most `width` columns: the first line is the text
    /// that fits after the lead (the caller writes the lead before it), the next ones start with `leadWidth` spaces,
    /// so the text hangs under itself. When that leaves fewer than ``narrowestHangingColumn`` columns, the next lines
    /// start at the left edge.
    public static func hanging(_ text: String, leadWidth: Int, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        let indent = width - leadWidth >= narrowestHangingColumn ? leadWidth : 0
        let first = wrap(text, width: max(1, width - leadWidth))
        guard let head = first.first, first.count > 1 else { return first }
        // What is left after the first line (and the spaces where it broke), wrapped to the column under the lead.
        let rest = text.dropFirst(head.count).drop { $0 == " " }
        let padding = String(repeating: " ", count: indent)
        return [head] + wrap(String(rest), width: width - indent).map { padding + $0 }
    }

    /// `text` cut to at most `width` columns, ending in `ellipsis` when something was cut (spaces before the
    /// ellipsis are dropped).
    public static func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let asciiWidth = DisplayWidth.printableASCIIWidth(text)
        if (asciiWidth ?? DisplayWidth.of(text)) <= width { return text }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        guard ellipsisWidth <= width else { return "" }
        if asciiWidth != nil {
            // One column per byte: cut by count.
            var result = String(decoding: text.utf8.prefix(width - ellipsisWidth), as: UTF8.self)
            while result.last == " " { result.removeLast() }
            return result + ellipsis
        }
        var result = ""
        var used = 0
        for character in text {
            let characterWidth = DisplayWidth.of(character)
            if used + characterWidth > width - ellipsisWidth { break }
            result.append(character)
            used += characterWidth
        }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result + ellipsis
    }

    /// `text` truncated and then padded with spaces to exactly `width` columns (for table cells).
    public static func fit(_ text: String, width: Int, ellipsis: String = "…") -> String {
        let cut = truncate(text, width: width, ellipsis: ellipsis)
        let missing = width - DisplayWidth.of(cut)
        return missing > 0 ? cut + String(repeating: " ", count: missing) : cut
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, into lines: inout [String]) {
        var line: [Character] = []
        var lineWidth = 0
        var lastSpace: Int?  // index in `line` of the last space, a place to break
        var producedLine = false

        func emit(_ characters: ArraySlice<Character>) {
            var end = characters.endIndex
            while end > characters.startIndex, characters[end - 1] == " " { end -= 1 }
            lines.append(String(characters[characters.startIndex..<end]))
            producedLine = true
        }

        for original in paragraph {
            var character = original
            var characterWidth = DisplayWidth.of(character)
            if characterWidth > width {
                character = "…"
                characterWidth = 1
            }
            if lineWidth + characterWidth <= width {
                // Spaces at the start of a wrapped (not the first) line are where the break was: drop them.
                if character == " ", line.isEmpty, producedLine { continue }
                line.append(character)
                lineWidth += characterWidth
                if character == " " { lastSpace = line.count - 1 }
                continue
            }
            if character == " " {
                emit(line[...])
                line = []
                lineWidth = 0
                lastSpace = nil
                continue
            }
            if let space = lastSpace {
                emit(line[..<space])
                line = Array(line[(space + 1)...])
                lineWidth = DisplayWidth.of(characters: line)
                lastSpace = nil
            }
            if lineWidth + characterWidth > width {
                emit(line[...])
                line = []
                lineWidth = 0
            }
            line.append(character)
            lineWidth += characterWidth
        }
        if !line.isEmpty || !producedLine { emit(line[...]) }
    }
}
