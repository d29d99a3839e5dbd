import Testing

@testable import ShoutUI

@Suite("ASCIIStandIn")
struct ASCIIStandInTests {
    @Test("every symbol the screens draw has an ASCII stand-in; text that is not a symbol has none")
    func symbols() {
        let expected: [(Character, Character)] = [
            ("→", ">"), ("←", "<"), ("↑", "^"), ("↓", "v"), ("✗", "x"), ("✓", "+"), ("·", "|"), ("…", "~"),
            ("≈", "~"), ("–", "-"), ("─", "-"), ("│", "|"), ("┌", "+"), ("┼", "+"), ("▶", ">"), ("◀", "<"),
        ]
        for (symbol, standIn) in expected {
            let value = symbol.unicodeScalars.first!.value
            #expect(ASCIIStandIn.character(for: value).map { Character(Unicode.Scalar($0)) } == standIn, "\(symbol)")
        }
        for text in ["ß", "日", "é", "😀"] {
            #expect(ASCIIStandIn.character(for: text.unicodeScalars.first!.value) == nil, "\(text)")
        }
    }
}
