import Testing

@testable import ShoutUI

@Suite("LineEditor")
struct LineEditorTests {
    /// Starts from `text` with the cursor at `cursor`, applies `keys`, and returns the editor and the last action.
    static func run(_ text: String, cursor: Int? = nil, _ keys: [Key]) -> (LineEditor, LineEditor.Action?) {
        var editor = LineEditor(text: text)
        if let cursor {
            _ = editor.apply(.home)
            for _ in 0..<cursor { _ = editor.apply(.right) }
        }
        var action: LineEditor.Action?
        for key in keys { action = editor.apply(key) }
        return (editor, action)
    }

    static let typed: [Key] = "héllo".map { .character($0) }

    /// (name, start text, start cursor (nil: end), keys, expected text, expected cursor)
    static let editing: [(String, String, Int?, [Key], String, Int)] = [
        ("typing", "", nil, typed, "héllo", 5),
        ("insert in the middle", "hllo", 1, [.character("e")], "hello", 2),
        ("left, right", "abc", nil, [.left, .left, .right], "abc", 2),
        ("left at start stays", "abc", 0, [.left], "abc", 0),
        ("right at end stays", "abc", nil, [.right], "abc", 3),
        ("home, end", "abc", 1, [.home], "abc", 0),
        ("end", "abc", 1, [.end], "abc", 3),
        ("Ctrl-A, Ctrl-E", "abc", 1, [.control("a"), .character("x"), .control("e"), .character("y")], "xabcy", 5),
        ("backspace", "abc", nil, [.backspace], "ab", 2),
        ("backspace at start", "abc", 0, [.backspace], "abc", 0),
        ("delete", "abc", 1, [.delete], "ac", 1),
        ("delete at end", "abc", nil, [.delete], "abc", 3),
        ("Ctrl-D deletes forward", "abc", 0, [.control("d")], "bc", 0),
        ("Ctrl-U kills to start", "hello world", 6, [.control("u")], "world", 0),
        ("Ctrl-K kills to end", "hello world", 5, [.control("k")], "hello", 5),
        ("Ctrl-W kills the word before", "say hello there", nil, [.control("w")], "say hello ", 10),
        ("Ctrl-W skips spaces first", "say hello  ", nil, [.control("w")], "say ", 4),
        ("Ctrl-W kills punctuation with the word", "go to a.b/c", nil, [.control("w")], "go to ", 6),
        ("Ctrl-W at start", "abc", 0, [.control("w")], "abc", 0),
        (
            "Ctrl-U then Ctrl-Y puts it back", "hello world", 6, [.control("u"), .end, .control("y")],
            "worldhello ", 11
        ),
        ("Alt-B word left", "say hello there", nil, [.alt("b")], "say hello there", 10),
        ("Alt-B twice", "say hello there", nil, [.alt("b"), .alt("b")], "say hello there", 4),
        ("Ctrl-Left stops at punctuation", "a.bc", nil, [.ctrlLeft], "a.bc", 2),
        ("Alt-F word right", "say hello there", 0, [.alt("f")], "say hello there", 3),
        ("Ctrl-Right twice", "say hello there", 0, [.ctrlRight, .ctrlRight], "say hello there", 9),
        ("Alt-D kills word forward", "say hello there", 3, [.alt("d")], "say there", 3),
        ("combining mark joins the letter", "", nil, [.character("e"), .character("\u{301}")], "e\u{301}", 1),
        ("backspace removes a whole cluster", "cafe\u{301}", nil, [.backspace], "caf", 3),
        (
            "emoji ZWJ typed scalar by scalar is one cluster", "",
            nil, [.character("👨"), .character("\u{200D}"), .character("👩")], "👨\u{200D}👩", 1
        ),
        ("backspace removes a whole ZWJ emoji", "a👨\u{200D}👩\u{200D}👧", nil, [.backspace], "a", 1),
        ("wide characters", "日本", nil, [.left, .character("語")], "日語本", 2),
        (
            "control characters are never inserted", "ab", nil,
            [.character("\u{1B}"), .character("\u{7}"), .character("\u{9B}"), .character("\u{202E}")], "ab", 2
        ),
    ]

    @Test("edits", arguments: editing)
    func edits(name: String, text: String, cursor: Int?, keys: [Key], expectedText: String, expectedCursor: Int) {
        let (editor, _) = Self.run(text, cursor: cursor, keys)
        #expect(editor.text == expectedText, "\(name)")
        #expect(editor.cursor == expectedCursor, "\(name)")
    }

    @Test(
        "actions",
        arguments: [
            (Key.enter, LineEditor.Action.submit("hi there")), (.up, .historyUp), (.down, .historyDown),
            (.pageUp, .unhandled(.pageUp)), (.function(2), .unhandled(.function(2))), (.tab, .unhandled(.tab)),
            (.control("c"), .unhandled(.control("c"))), (.escape, .unhandled(.escape)), (.resize, .unhandled(.resize)),
        ]
    )
    func actions(key: Key, expected: LineEditor.Action) {
        var editor = LineEditor(text: "hi there")
        #expect(editor.apply(key) == expected)
    }

    @Test("enter submits and clears")
    func submit() {
        var editor = LineEditor(text: "straße")
        #expect(editor.apply(.enter) == .submit("straße"))
        #expect(editor.text == "")
        #expect(editor.cursor == 0)
        #expect(editor.apply(.enter) == .submit(""))
    }

    @Test("Ctrl-D on an empty line is left to the caller (quit)")
    func ctrlDEmpty() {
        var editor = LineEditor()
        #expect(editor.apply(.control("d")) == .unhandled(.control("d")))
    }

    @Test("a 400-character paste is inserted whole")
    func longPaste() {
        var editor = LineEditor(text: "<>")
        _ = editor.apply(.left)
        let paste = String(repeating: "日本 ok e\u{301} ", count: 40)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for character in paste.unicodeScalars { _ = editor.apply(.character(Character(character))) }
        }
        #expect(editor.text == "<" + paste + ">")
        #expect(editor.cursor == paste.count + 1)
        #expect(elapsed < .seconds(1))
    }

    @Test("setText drops control characters and puts the cursor at the end")
    func setText() {
        var editor = LineEditor()
        editor.setText("a\u{1B}[2Jb")
        #expect(editor.text == "a[2Jb")
        #expect(editor.cursor == 5)
    }

    @Test("cursor column counts display width")
    func cursorColumn() {
        let (editor, _) = Self.run("日本 e\u{301}🎉x", [.left])
        #expect(editor.cursorColumn == 8)
        #expect(editor.displayWidth == 9)
    }

    /// (text, cursor (nil: end), field width, shown text, cursor x)
    static let slices: [(String, Int?, Int, String, Int)] = [
        ("short", nil, 10, "short", 5),
        ("short", 0, 10, "short", 0),
        ("0123456789abcdefghij", nil, 10, "bcdefghij", 9),
        ("0123456789abcdefghij", 0, 10, "0123456789", 0),
        ("0123456789abcdefghij", 5, 10, "0123456789", 5),
        ("0123456789abcdefghij", 12, 10, "56789abcde", 7),
        ("0123456789abcdefghij", 14, 10, "abcdefghij", 4),
        ("日本語日本語日本語", nil, 10, " 語日本語", 9),
        ("日本語日本語日本語", 0, 10, "日本語日本", 0),
        ("日本語日本語日本語", 4, 9, "語日本語", 4),
        ("abc", nil, 1, "", 0),
    ]

    @Test("horizontal scrolling keeps the cursor visible and never splits a wide character", arguments: slices)
    func visibleSlice(text: String, cursor: Int?, width: Int, shown: String, cursorX: Int) {
        let (editor, _) = Self.run(text, cursor: cursor, [])
        let slice = editor.visibleSlice(width: width)
        #expect(slice.text == shown)
        #expect(slice.cursorX == cursorX)
        #expect(DisplayWidth.of(slice.text) <= width)
        #expect(slice.cursorX >= 0 && slice.cursorX < width)
    }

    @Test("every cursor position of a long line is visible")
    func everyCursorVisible() {
        var editor = LineEditor(text: "日本 hello 🎉 world e\u{301}xtra lo" + String(repeating: "ng", count: 20))
        _ = editor.apply(.home)
        for _ in 0...editor.characters.count {
            for width in [1, 2, 3, 5, 8, 13] {
                let slice = editor.visibleSlice(width: width)
                #expect(slice.cursorX >= 0 && slice.cursorX < width)
                #expect(DisplayWidth.of(slice.text) <= width)
            }
            _ = editor.apply(.right)
        }
    }
}
