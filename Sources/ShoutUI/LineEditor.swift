import ShoutCore

/// The chat input line: text as grapheme clusters, a cursor, and the Emacs-style keys people expect from a shell.
///
/// Text is kept as `[Character]`, so a combining mark or an emoji ZWJ sequence is one unit for the cursor and for
/// Backspace; a mark typed (or pasted) after a letter joins that letter. Control characters are never inserted.
/// Keys: ←/→, Home/End, Ctrl-A/Ctrl-E, Backspace/Delete (and Ctrl-D on a non-empty line), Ctrl-U (kill to start),
/// Ctrl-K (kill to end), Ctrl-W (kill the word before the cursor), Ctrl-Y (put back what was last killed),
/// Alt-B/Alt-F and Ctrl-←/Ctrl-→ (word left/right), Enter (submit), ↑/↓ (history, decided by the caller).
public struct LineEditor: Sendable {
    /// What the caller should do after a key.
    public enum Action: Hashable, Sendable {
        /// Enter: the line was submitted (the editor is now empty).
        case submit(String)
        /// ↑: show the previous history entry (see `InputHistory.previous(current:)`).
        case historyUp
        /// ↓: show the next history entry.
        case historyDown
        /// The editor has no use for this key; the screen may (F2, PgUp, Ctrl-C, …).
        case unhandled(Key)
    }

    /// The line, one grapheme cluster per element.
    public private(set) var characters: [Character] = []
    /// The cursor: an index into `characters` (`characters.count` is after the last one).
    public private(set) var cursor: Int = 0
    /// What Ctrl-U, Ctrl-K or Ctrl-W last removed, for Ctrl-Y.
    public private(set) var killed: [Character] = []

    /// An editor holding `text`, with the cursor at its end.
    public init(text: String = "") {
        setText(text)
    }

    /// The line as a string.
    public var text: String { String(characters) }

    /// Whether the line is empty.
    public var isEmpty: Bool { characters.isEmpty }

    /// Replaces the line (a history entry, say) and puts the cursor at its end. Control characters are dropped.
    public mutating func setText(_ text: String) {
        characters = []
        cursor = 0
        insert(contentsOf: text)
    }

    /// Empties the line.
    public mutating func clear() {
        characters = []
        cursor = 0
    }

    /// Handles one key: edits the line and returns nil, or returns what the caller should do.
    public mutating func apply(_ key: Key) -> Action? {
        switch key {
        case .character(let character): insert(character)
        case .enter:
            let line = text
            clear()
            return .submit(line)
        case .up: return .historyUp
        case .down: return .historyDown
        case .left: moveLeft()
        case .right: moveRight()
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("b"): moveLeft()
        case .control("f"): moveRight()
        case .backspace: deleteBackward()
        case .delete: deleteForward()
        case .control("d") where !characters.isEmpty: deleteForward()
        case .control("u"): kill(0..<cursor)
        case .control("k"): kill(cursor..<characters.count)
        case .control("w"): kill(wordStartBefore(cursor, isWordCharacter: { !$0.isWhitespace })..<cursor)
        case .control("y"): insert(contentsOf: killed)
        case .alt("b"), .ctrlLeft: cursor = wordStartBefore(cursor, isWordCharacter: Self.isWordCharacter)
        case .alt("f"), .ctrlRight: cursor = wordEndAfter(cursor)
        case .alt("d"): kill(cursor..<wordEndAfter(cursor))
        default: return .unhandled(key)
        }
        return nil
    }

    /// Inserts one character at the cursor; a combining mark or joiner joins the character before it.
    public mutating func insert(_ character: Character) {
        guard !character.unicodeScalars.contains(where: VisibleText.isControl) else { return }
        if cursor > 0 {
            let joined = String(characters[cursor - 1]) + String(character)
            if joined.count == 1, let combined = joined.first {
                characters[cursor - 1] = combined
                return
            }
        }
        characters.insert(character, at: cursor)
        cursor += 1
    }

    /// Inserts text at the cursor (a paste), dropping control characters.
    public mutating func insert<Characters: Sequence>(contentsOf text: Characters)
    where Characters.Element == Character {
        for character in text { insert(character) }
    }

    /// Display columns before the cursor.
    public var cursorColumn: Int { DisplayWidth.of(characters: characters[..<cursor]) }

    /// Display columns of the whole line.
    public var displayWidth: Int { DisplayWidth.of(characters: characters) }

    /// The part of the line to show in a field `width` columns wide, and the cursor's column in it.
    ///
    /// A line that fits is shown whole. A longer one scrolls horizontally in steps, chosen from the cursor alone so
    /// that the view stays still while the cursor moves inside it and keeps a margin of a few columns on both
    /// sides; near the end of the line the view shows the end instead (so typing at the end scrolls smoothly).
    /// A wide character cut by the left edge is replaced by a space; one cut by the right edge is left out.
    public func visibleSlice(width: Int) -> (text: String, cursorX: Int) {
        guard width > 0 else { return ("", 0) }
        let column = cursorColumn
        if displayWidth < width { return (text, column) }
        let margin = min(4, (width - 1) / 4)
        let lastCursorColumn = width - 1 - margin
        var start = 0
        if column > lastCursorColumn {
            let step = max(1, width - 2 * margin - 1)
            start = (column - lastCursorColumn + step - 1) / step * step
            // Never scroll further than needed to show the end of the line (and the cursor after it).
            start = min(start, displayWidth + 1 - width)
        }
        var shown = ""
        var position = 0
        for character in characters {
            let characterWidth = DisplayWidth.of(character)
            defer { position += characterWidth }
            if position + characterWidth <= start { continue }
            if position < start {
                shown += String(repeating: " ", count: position + characterWidth - start)
                continue
            }
            if position + characterWidth > start + width { break }
            shown.append(character)
        }
        return (shown, column - start)
    }

    private mutating func moveLeft() { cursor = max(0, cursor - 1) }
    private mutating func moveRight() { cursor = min(characters.count, cursor + 1) }

    private mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    private mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killed = Array(characters[range])
        characters.removeSubrange(range)
        if cursor > range.lowerBound { cursor = max(range.lowerBound, cursor - range.count) }
    }

    /// Letters, digits and `_` make words for Alt-B/Alt-F.
    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// The start of the word before `index`: skip non-word characters leftwards, then word characters.
    private func wordStartBefore(_ index: Int, isWordCharacter: (Character) -> Bool) -> Int {
        var position = index
        while position > 0, !isWordCharacter(characters[position - 1]) { position -= 1 }
        while position > 0, isWordCharacter(characters[position - 1]) { position -= 1 }
        return position
    }

    /// The end of the word after `index`: skip non-word characters rightwards, then word characters.
    private func wordEndAfter(_ index: Int) -> Int {
        var position = index
        while position < characters.count, !Self.isWordCharacter(characters[position]) { position += 1 }
        while position < characters.count, Self.isWordCharacter(characters[position]) { position += 1 }
        return position
    }
}
