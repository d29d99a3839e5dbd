import PropertyBased
import Testing

@testable import ShoutUI

@Suite("TextWrap")
struct TextWrapTests {
    @Test("a hanging indent: the text after its lead, then under itself, never cut inside a word")
    func hanging() {
        let text = "no reply to the second client while the first one's connection stayed open: one client at a time"
        let lines = TextWrap.hanging(text, leadWidth: 20, width: 60)
        #expect(
            lines == [
                "no reply to the second client while the",
                "                    first one's connection stayed open: one",
                "                    client at a time",
            ]
        )
        #expect(DisplayWidth.of(lines[0]) + 20 <= 60 && lines.allSatisfy { DisplayWidth.of($0) <= 60 })
        #expect(lines.map { String($0.drop { $0 == " " }) }.joined(separator: " ") == text)
        #expect(TextWrap.hanging("short", leadWidth: 20, width: 60) == ["short"])
        // Too narrow to hang: the next lines start at the left edge.
        #expect(TextWrap.hanging("one two three four", leadWidth: 20, width: 30) == ["one two", "three four"])
        // Wide characters count as two columns.
        #expect(TextWrap.hanging("日本語 テキスト", leadWidth: 4, width: 30).count == 1)
        #expect(TextWrap.hanging("日本語テキスト 日本語テキスト", leadWidth: 4, width: 30) == ["日本語テキスト", "    日本語テキスト"])
    }

    @Test(
        "wraps by display width",
        arguments: [
            ("hello world", 5, ["hello", "world"]),
            ("hello world", 8, ["hello", "world"]),
            ("hello world", 11, ["hello world"]),
            ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
            ("say abcdefghij", 5, ["say", "abcde", "fghij"]),
            ("日本語テキスト", 5, ["日本", "語テ", "キス", "ト"]),
            ("a 日本", 3, ["a", "日", "本"]),
            ("word    next", 6, ["word", "next"]),
            ("  indented  text  ", 20, ["  indented  text"]),
            ("one\ntwo", 10, ["one", "two"]),
            ("a\n\nb", 10, ["a", "", "b"]),
            ("", 10, [""]),
            ("日", 1, ["…"]),
            ("e\u{301}e\u{301}e\u{301}", 2, ["e\u{301}e\u{301}", "e\u{301}"]),
            ("👨\u{200D}👩\u{200D}👧👍", 2, ["👨\u{200D}👩\u{200D}👧", "👍"]),
            ("x", 0, []),
        ] as [(String, Int, [String])]
    )
    func wraps(text: String, width: Int, expected: [String]) {
        #expect(TextWrap.wrap(text, width: width) == expected)
    }

    @Test("wrapped lines fit and keep every non-space character in order")
    func wrapInvariant() {
        let texts = [
            "The quick brown fox 日本語のテキスト jumps 🎉🎉🎉 over e\u{301}very lazy dog",
            String(repeating: "🇯🇵", count: 9), "a b c d e f g", "loooooooooooooooooooong words here",
        ]
        for text in texts {
            for width in 1...25 {
                let lines = TextWrap.wrap(text, width: width)
                for line in lines { #expect(DisplayWidth.of(line) <= width, "\(text) at \(width)") }
                let original = text.filter { $0 != " " }
                let joined = lines.joined().filter { $0 != " " }
                if width >= 2 { #expect(joined == original, "\(text) at \(width)") }
            }
        }
    }

    @Test(
        "truncates with an ellipsis only when cut",
        arguments: [
            ("hello", 10, "hello"), ("hello", 5, "hello"), ("hello world", 8, "hello w…"), ("日本語", 6, "日本語"),
            ("日本語", 5, "日本…"), ("日本語", 4, "日…"), ("abc", 1, "…"), ("abc", 0, ""), ("abc", -2, ""),
            ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"),
        ] as [(String, Int, String)]
    )
    func truncates(text: String, width: Int, expected: String) {
        #expect(TextWrap.truncate(text, width: width) == expected)
    }

    @Test("printable ASCII is measured and cut by bytes, exactly as the grapheme path does it")
    func asciiFastPathAgrees() async {
        let text = Gen.int(in: 0x20..<0x7F).map { Character(Unicode.Scalar(UInt8($0))) }.array(of: 0...30)
        await propertyCheck(count: 2000, input: text, Gen.int(in: 1...32)) { characters, width in
            let string = String(characters)
            #expect(DisplayWidth.of(string) == DisplayWidth.of(characters: characters))
            // The general rule, written out: whole characters that fit before the ellipsis, no trailing space.
            var expected = string
            if characters.count > width {
                var kept = characters.prefix(width - 1)
                while kept.last == " " { kept.removeLast() }
                expected = String(kept) + "…"
            }
            #expect(TextWrap.truncate(string, width: width) == expected)
        }
    }

    @Test("fit pads to the exact width")
    func fit() {
        #expect(TextWrap.fit("ab", width: 4) == "ab  ")
        #expect(TextWrap.fit("日本語", width: 4) == "日… ")
        #expect(TextWrap.fit("abcdef", width: 4, ellipsis: "~") == "abc~")
    }
}
