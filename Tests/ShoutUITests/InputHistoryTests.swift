import Testing

@testable import ShoutUI

@Suite("InputHistory")
struct InputHistoryTests {
    @Test("blank lines, lines starting with a space and consecutive duplicates are not stored")
    func addRules() {
        var history = InputHistory()
        for line in ["one", "", "   ", "\t", "two", "two", " secret", "one", "two"] { history.add(line) }
        #expect(history.entries == ["one", "two", "one", "two"])
    }

    @Test("bounded: the oldest entries are dropped")
    func bounded() {
        var history = InputHistory(capacity: 3)
        for number in 1...5 { history.add("line \(number)") }
        #expect(history.entries == ["line 3", "line 4", "line 5"])
        #expect(InputHistory().capacity == 1_000)
        var big = InputHistory()
        for number in 1...1_200 { big.add(String(number)) }
        #expect(big.entries.count == 1_000)
        #expect(big.entries.first == "201")
    }

    @Test("up walks back, down walks forward and restores the draft")
    func walk() {
        var history = InputHistory(entries: ["first", "second", "third"])
        #expect(history.next() == nil)
        #expect(history.previous(current: "draft") == "third")
        #expect(history.previous(current: "third") == "second")
        #expect(history.previous(current: "second") == "first")
        #expect(history.previous(current: "first") == nil)  // nothing older: keep showing "first"
        #expect(history.next() == "second")
        #expect(history.next() == "third")
        #expect(history.next() == "draft")
        #expect(!history.isWalking)
        #expect(history.next() == nil)
        #expect(history.previous(current: "new draft") == "third")
        history.add("fourth")
        #expect(!history.isWalking)
        #expect(history.previous(current: "") == "fourth")
    }

    @Test("up on an empty history does nothing")
    func empty() {
        var history = InputHistory()
        #expect(history.previous(current: "typing") == nil)
        #expect(history.next() == nil)
    }

    @Test("encode and decode round-trip any entry, one line each")
    func roundTrip() {
        let entries = [
            "plain", "back\\slash", "two\nlines", "cr\rlf\r\n", "tab\there", "esc\u{1B}[2J", "日本 🎉",
            "nel\u{85}ls\u{2028}ps\u{2029}", "\\n literally", "e\u{301}",
        ]
        let history = InputHistory(entries: entries)
        let file = history.encode()
        #expect(file.split(separator: "\n", omittingEmptySubsequences: false).count == entries.count + 1)
        #expect(!file.dropLast().contains { $0.isNewline && $0 != "\n" })
        #expect(InputHistory.decode(file).entries == entries)
    }

    @Test("the file format is readable")
    func format() {
        let history = InputHistory(entries: ["hello", "a\nb", "c\\d"])
        #expect(history.encode() == "hello\na\\nb\nc\\\\d\n")
    }

    @Test(
        "lines that do not decode are skipped",
        arguments: [
            ("good\nbad\\q\nalso good\n", ["good", "also good"]),
            ("x\\u{41}\n\\u{110000}\n\\u{d800}\n\\u{zz}\n\\u{41\n\\u41\ntrailing\\\n", ["xA"]),
            ("\\u{1234567}\nok", ["ok"]),
            ("", []),
            ("\n\n\r\n", []),
            ("windows\r\nline\r\n", ["windows", "line"]),
        ]
    )
    func badLines(file: String, expected: [String]) {
        #expect(InputHistory.decode(file).entries == expected)
    }

    @Test("decode never crashes on garbage and respects the capacity")
    func garbage() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<500).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let history = InputHistory.decode(String(decoding: bytes, as: UTF8.self), capacity: 5)
            #expect(history.entries.count <= 5)
        }
        let many = (1...20).map { "entry \($0)" }.joined(separator: "\n")
        #expect(InputHistory.decode(many, capacity: 3).entries == ["entry 18", "entry 19", "entry 20"])
    }
}
