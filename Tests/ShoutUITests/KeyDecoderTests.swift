import Testing

@testable import ShoutUI

@Suite("KeyDecoder")
struct KeyDecoderTests {
    /// Shorthand for a run of characters as `wget_wch` returns them.
    static func chars(_ text: String) -> [RawInput] { text.unicodeScalars.map { .character($0.value) } }

    static let cases: [(String, [RawInput], [Key])] = [
        ("letter", chars("a"), [.character("a")]),
        ("wide character", chars("日"), [.character("日")]),
        ("emoji", chars("🎉"), [.character("🎉")]),
        ("combining mark arrives on its own", chars("e\u{301}"), [.character("e"), .character("\u{301}")]),
        ("CR is enter", [.character(13)], [.enter]),
        ("LF is enter", [.character(10)], [.enter]),
        ("KEY_ENTER", [.keyCode(0o527)], [.enter]),
        ("tab", [.character(9)], [.tab]),
        ("KEY_BTAB", [.keyCode(0o541)], [.backTab]),
        ("DEL is backspace", [.character(127)], [.backspace]),
        ("Ctrl-H is backspace", [.character(8)], [.backspace]),
        ("KEY_BACKSPACE", [.keyCode(0o407)], [.backspace]),
        ("KEY_DC", [.keyCode(0o512)], [.delete]),
        ("Ctrl-A", [.character(1)], [.control("a")]),
        ("Ctrl-C", [.character(3)], [.control("c")]),
        ("Ctrl-W", [.character(23)], [.control("w")]),
        ("Ctrl-Z", [.character(26)], [.control("z")]),
        ("Ctrl-Space", [.character(0)], [.control("@")]),
        ("Ctrl-backslash", [.character(28)], [.control("\\")]),
        (
            "arrows", [.keyCode(0o404), .keyCode(0o405), .keyCode(0o403), .keyCode(0o402)],
            [.left, .right, .up, .down]
        ),
        ("home end", [.keyCode(0o406), .keyCode(0o550)], [.home, .end]),
        ("page up down", [.keyCode(0o523), .keyCode(0o522)], [.pageUp, .pageDown]),
        ("keypad corners", [.keyCode(0o534), .keyCode(0o540)], [.home, .pageDown]),
        (
            "F1 F2 F12", [.keyCode(0o411), .keyCode(0o412), .keyCode(0o424)],
            [.function(1), .function(2), .function(12)]
        ),
        ("KEY_RESIZE", [.keyCode(0o632)], [.resize]),
        ("unknown key code ignored", [.keyCode(0o777), .keyCode(-1)], []),
        ("Alt-b", chars("\u{1B}b"), [.alt("b")]),
        ("Alt-F (shifted)", chars("\u{1B}F"), [.alt("F")]),
        ("Alt with a wide character", chars("\u{1B}日"), [.alt("日")]),
        ("ESC then Enter", chars("\u{1B}\r"), [.escape, .enter]),
        ("ESC ESC", chars("\u{1B}\u{1B}"), [.escape, .escape]),
        ("ESC then a key code", [.character(27), .keyCode(0o404)], [.escape, .left]),
        ("CSI Ctrl-Left", chars("\u{1B}[1;5D"), [.ctrlLeft]),
        ("CSI Ctrl-Right", chars("\u{1B}[1;5C"), [.ctrlRight]),
        ("CSI Alt-Left", chars("\u{1B}[1;3D"), [.ctrlLeft]),
        ("CSI arrows", chars("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.up, .down, .right, .left]),
        ("CSI Shift-Up is up", chars("\u{1B}[1;2A"), [.up]),
        (
            "CSI tilde keys", chars("\u{1B}[3~\u{1B}[5~\u{1B}[6~\u{1B}[1~\u{1B}[4~"),
            [.delete, .pageUp, .pageDown, .home, .end]
        ),
        ("CSI function keys", chars("\u{1B}[15~\u{1B}[17~\u{1B}[24~"), [.function(5), .function(6), .function(12)]),
        ("CSI back tab", chars("\u{1B}[Z"), [.backTab]),
        ("SS3 keys", chars("\u{1B}OP\u{1B}OQ\u{1B}OH\u{1B}OF"), [.function(1), .function(2), .home, .end]),
        ("bracketed paste markers dropped", chars("\u{1B}[200~hi\u{1B}[201~"), [.character("h"), .character("i")]),
        ("unknown CSI dropped", chars("\u{1B}[99;99q!"), [.character("!")]),
        (
            "over-long CSI dropped", chars("\u{1B}[" + String(repeating: "1", count: 40) + "~!"),
            [.character("!")]
        ),
        ("invalid scalars ignored", [.character(0xD800), .character(0x110000), .character(0xFFFF_FFFF)], []),
        ("C1 controls ignored", [.character(0x9B), .character(0x85)], []),
        ("bidi override ignored", [.character(0x202E)], []),
        ("typing continues after a sequence", chars("\u{1B}[Dab"), [.left, .character("a"), .character("b")]),
    ]

    @Test("decodes", arguments: cases)
    func decodes(name: String, input: [RawInput], expected: [Key]) {
        var decoder = KeyDecoder()
        var keys = decoder.decode(input)
        if let pending = decoder.flushPendingEscape() { keys.append(pending) }
        #expect(keys == expected, "\(name)")
    }

    @Test("a lone ESC waits until the caller flushes it")
    func loneEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(.character(27)) == [])
        #expect(decoder.hasPendingEscape)
        #expect(decoder.flushPendingEscape() == .escape)
        #expect(!decoder.hasPendingEscape)
        #expect(decoder.flushPendingEscape() == nil)
        #expect(decoder.decode(.character(98)) == [.character("b")])  // not Alt-b: the ESC was flushed
    }

    @Test("a lone ESC [ flushes as Alt-[, a cut-off sequence as nothing")
    func cutSequences() {
        var decoder = KeyDecoder()
        _ = decoder.decode(Self.chars("\u{1B}["))
        #expect(decoder.flushPendingEscape() == .alt("["))
        _ = decoder.decode(Self.chars("\u{1B}[1;5"))
        #expect(decoder.flushPendingEscape() == nil)
        #expect(decoder.decode(Self.chars("x")) == [.character("x")])
    }

    @Test("extended key codes come from the table the backend fills")
    func extendedKeys() {
        var decoder = KeyDecoder(extendedKeys: [560: .ctrlLeft, 575: .ctrlRight])
        #expect(decoder.decode([.keyCode(560), .keyCode(575), .keyCode(561)]) == [.ctrlLeft, .ctrlRight])
    }

    @Test("a 300-character paste decodes to 300 keys")
    func paste() {
        var decoder = KeyDecoder()
        let text = String(repeating: "日本 go ", count: 50)
        let keys = decoder.decode(Self.chars(text))
        #expect(keys.count == 300)
        #expect(keys.first == .character("日"))
    }

    /// Shorthand for text as `wgetch` returns it in a locale that is not UTF-8: its UTF-8 bytes one by one.
    static func bytes(_ text: String) -> [RawInput] { text.utf8.map { .byte($0) } }

    @Test("in a locale that is not UTF-8 the bytes typed are read as UTF-8: nothing typed is lost")
    func bytesAsUTF8() {
        var decoder = KeyDecoder()
        #expect(
            decoder.decode(Self.bytes("straße → 日本 🎉")).map { key -> Character in
                if case .character(let character) = key { return character }
                return "?"
            } == Array("straße → 日本 🎉")
        )
        // Keys and escape sequences arrive as before.
        #expect(decoder.decode(Self.bytes("\u{1B}[D\r") + [.keyCode(0o404)]) == [.left, .enter, .left])
        // A character split across two polls is put together.
        #expect(decoder.decode(Array(Self.bytes("ß").prefix(1))).isEmpty)
        #expect(decoder.decode(Array(Self.bytes("ß").suffix(1))) == [.character("ß")])
        // Bytes that are not UTF-8 are dropped, and what follows them still arrives.
        let invalid: [RawInput] =
            [.byte(0xFF), .byte(0x80), .byte(0xC3)] + Self.bytes("e") + [.byte(0xE2), .byte(0x86)]
        #expect(decoder.decode(invalid + Self.bytes("x")) == [.character("e"), .character("x")])
    }
}
