import Testing

@testable import ShoutUI

@Suite("DisplayWidth")
struct DisplayWidthTests {
    @Test(
        "scalar widths",
        arguments: [
            ("a", 1), (" ", 1), ("~", 1), ("é", 1), ("ß", 1), ("Ж", 1), ("←", 1), ("…", 1), ("─", 1),
            ("\u{301}", 0), ("\u{20DD}", 0), ("\u{200D}", 0), ("\u{200B}", 0), ("\u{FE0F}", 0), ("\u{FE0E}", 0),
            ("\u{E0100}", 0), ("\u{1B}", 0), ("\u{7F}", 0), ("\u{9B}", 0), ("\u{AD}", 1), ("\u{1161}", 0),
            ("日", 2), ("本", 2), ("あ", 2), ("ア", 2), ("한", 2), ("\u{1100}", 2), ("Ａ", 2), ("\u{3000}", 2),
            ("，", 2), ("\u{20000}", 2), ("🎉", 2), ("😀", 2), ("🦀", 2), ("🫠", 2), ("⌚", 2), ("🇺", 2),
            ("❤", 1), ("☺", 1), ("ｱ", 1),
        ] as [(Unicode.Scalar, Int)]
    )
    func scalarWidth(scalar: Unicode.Scalar, expected: Int) {
        #expect(DisplayWidth.of(scalar) == expected, "U+\(String(scalar.value, radix: 16))")
    }

    @Test(
        "a grapheme cluster is as wide as its base",
        arguments: [
            ("e\u{301}", 1), ("👨‍👩‍👧", 2), ("👍🏽", 2), ("🇯🇵", 2), ("❤️", 1), ("1️⃣", 1), ("\u{1100}\u{1161}", 2),
            ("\r\n", 0),
        ] as [(Character, Int)]
    )
    func characterWidth(character: Character, expected: Int) {
        #expect(DisplayWidth.of(character) == expected)
    }

    @Test("string width sums its clusters")
    func stringWidth() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("日本語 ok") == 9)
        #expect(DisplayWidth.of("cafe\u{301} 🎉") == 7)
        #expect(DisplayWidth.of("a\u{200D}b") == 2)
    }
}
