import ShoutCore
import Testing

/// How `shout check` tells kinds of wrong reply apart, and the sentence it says for each.
@Suite struct CheckVerdictTests {
    private let unicode = Array("Straße é λόγος".utf8)

    @Test(
        "each kind of wrong reply is told apart",
        arguments: [
            ("STRASSE É ΛΌΓΟΣ", CheckVerdict.Diagnosis.exact),
            ("", .nothing),
            ("Straße é λόγος", .unchanged),
            ("STRAßE é λόγος", .asciiOnly),
            ("straße é λόγος", .lowerCased),
            ("STRASSE", .truncated(count: 7)),
            ("STRASSE E ΛΟΓΟΣ", .other),
        ]
    )
    func diagnoses(reply: String, expected: CheckVerdict.Diagnosis) {
        #expect(CheckVerdict.diagnose(request: unicode, reply: Array(reply.utf8)) == expected)
    }

    @Test("ASCII-only upper-casing is said as such, with what Python's str.upper() gives")
    func asciiOnlySentence() {
        let verdict = CheckVerdict.exchange(
            request: Array("straße é".utf8),
            reply: Array("STRAßE é".utf8),
            nothing: "got no reply"
        )
        #expect(!verdict.passed)
        #expect(
            verdict.sentence
                == "sent \"straße é\" and got \"STRAßE é\": only ASCII letters were upper-cased; "
                + "Python's str.upper() gives \"STRASSE É\""
        )
    }

    @Test("the right reply passes; an echo, a lower-cased and a cut reply fail with their reason")
    func sentences() {
        let request = Array("Hello".utf8)
        #expect(CheckVerdict.exchange(request: request, reply: Array("HELLO".utf8), nothing: "").passed)
        let echo = CheckVerdict.exchange(request: request, reply: request, nothing: "")
        #expect(echo.sentence.contains("got it back unchanged: the server echoes"))
        let lower = CheckVerdict.exchange(request: request, reply: Array("hello".utf8), nothing: "")
        #expect(lower.sentence.contains("the server lower-cases"))
        let large = [UInt8](repeating: UInt8(ascii: "a"), count: 2000)
        let cut = CheckVerdict.exchange(
            request: large,
            reply: Array(Uppercasing.uppercased(large).prefix(1024)),
            nothing: ""
        )
        #expect(cut.sentence.contains("got only the first 1,024 of the 2,000 upper-cased bytes"))
        let none = CheckVerdict.exchange(request: request, reply: [], nothing: "got no reply within 1 s")
        #expect(none.sentence == "sent \"Hello\" and got no reply within 1 s")
    }

    @Test("bytes from a server are quoted escaped, never raw, and shortened with their count")
    func quoting() {
        #expect(CheckVerdict.quote(Array("\u{1b}[2Jx".utf8)) == "\"\\x1b[2Jx\"")
        let long = CheckVerdict.quote([UInt8](repeating: 0x42, count: 65_536))
        #expect(long.hasSuffix("…\" (65,536 bytes)"))
        #expect(long.count < 80)
        #expect(CheckVerdict.seconds(.seconds(1)) == "1 s")
        #expect(CheckVerdict.seconds(.milliseconds(300)) == "0.3 s")
    }
}
