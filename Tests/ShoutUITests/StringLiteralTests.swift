import Testing

@testable import ShoutUI

@Suite struct StringLiteralTests {
    @Test(
        "containsLiterally finds the bytes anywhere, nothing for an empty or longer needle",
        arguments: [
            ("hello world", "lo w", true),
            ("hello world", "hello world", true),
            ("hello world", "world!", false),
            ("straße", "aß", true),
            ("straße", "ss", false),
            ("127.0.0.1:5000", "0.1:5", true),
            ("aaab", "aab", true),
            ("abc", "", false),
            ("", "a", false),
        ]
    )
    func literal(text: String, needle: String, expected: Bool) {
        #expect(text.containsLiterally(needle) == expected)
    }
}
