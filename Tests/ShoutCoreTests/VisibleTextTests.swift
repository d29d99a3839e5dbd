import PropertyBased
import ShoutCore
import Testing

@Suite struct VisibleTextTests {
    @Test(
        "control characters and escape sequences become visible escapes",
        arguments: [
            ("\u{1b}]0;pwned\u{07}", "\\x1b]0;pwned\\x07"),
            ("\u{1b}[2J", "\\x1b[2J"),
            ("a\nb\tc\r", "a\\nb\\tc\\r"),
            ("del\u{7f}", "del\\x7f"),
            ("csi\u{9b}", "csi\\x9b"),
            ("rtl\u{202e}x", "rtl\\u{202e}x"),
            ("日本語 😀 straße", "日本語 😀 straße"),
        ]
    )
    func escapes(input: String, expected: String) {
        #expect(VisibleText.escape(Array(input.utf8)) == expected)
        #expect(VisibleText.escape(input) == expected)
    }

    @Test("invalid UTF-8 becomes a replacement character per bad byte")
    func invalid() {
        #expect(VisibleText.escape([0x61, 0xFF, 0xC3]) == "a\u{FFFD}\u{FFFD}")
    }

    @Test("the byte path agrees with the scalar path on random text, and leaves no control character")
    func bytesAgreeWithScalars() async {
        let scalars: [Unicode.Scalar] = [
            "a", "Z", " ", "~", "\u{1b}", "\n", "\t", "\u{7f}", "\u{85}", "\u{9b}",
            "ß", "日", "😀", "\u{202e}", "\u{2066}", "\u{301}", "\u{a0}",
        ]
        let text = Gen.int(in: 0..<scalars.count).map { scalars[$0] }.array(of: 0...40)
        await propertyCheck(count: 2000, input: text) { chosen in
            var string = ""
            string.unicodeScalars.append(contentsOf: chosen)
            let escaped = VisibleText.escape(Array(string.utf8))
            #expect(escaped == VisibleText.escape(string))
            #expect(!escaped.unicodeScalars.contains { VisibleText.isControl($0) })
        }
    }

    @Test("hex view")
    func hex() {
        #expect(VisibleText.hex(Array("hi\n".utf8)) == "68 69 0a")
    }
}
