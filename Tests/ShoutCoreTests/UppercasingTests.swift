import PropertyBased
import ShoutCore
import Testing

@Suite struct UppercasingTests {
    @Test(
        "upper-cases like Python's str.upper()",
        arguments: [
            ("hello there", "HELLO THERE"),
            ("straße", "STRASSE"),
            ("é à ü", "É À Ü"),
            ("日本語", "日本語"),
            ("emoji 😀!", "EMOJI 😀!"),
            ("ΐ", "\u{399}\u{308}\u{301}"),
            ("ﬁ ligature", "FI LIGATURE"),
            ("", ""),
            ("MiXeD 123 \n\t", "MIXED 123 \n\t"),
        ]
    )
    func unicode(input: String, expected: String) {
        #expect(Uppercasing.uppercased(Array(input.utf8)) == Array(expected.utf8))
    }

    @Test("bytes that are not UTF-8 pass through; ASCII letters around them are upper-cased")
    func invalidBytes() {
        let input: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0x28, 0xE2, 0x82, 0x63, 0xED, 0xA0, 0x80, 0xC3, 0xA9]
        let expected: [UInt8] = [0x41, 0xFF, 0x42, 0xC3, 0x28, 0xE2, 0x82, 0x43, 0xED, 0xA0, 0x80, 0xC3, 0x89]
        #expect(Uppercasing.uppercased(input) == expected)
    }

    @Test("the ASCII copy agrees with the general path at every length and alignment, and declines non-ASCII")
    func asciiCopy() async {
        // Every byte value below 0x80 and the letters' neighbours (`@`, `[`, `` ` ``, `{`), at lengths around the
        // eight-byte words the copy works in, starting at any offset.
        let ascii = Gen.int(in: 0..<0x80).map { UInt8($0) }.array(of: 0...40)
        await propertyCheck(count: 3000, input: ascii, Gen.int(in: 0...7), Gen.int(in: -1...40)) {
            bytes,
            offset,
            nonASCIIAt in
            var bytes = Array(repeating: UInt8(ascii: "q"), count: offset) + bytes
            let hasNonASCII = nonASCIIAt >= 0 && nonASCIIAt < bytes.count - offset
            if hasNonASCII { bytes[offset + nonASCIIAt] = 0xC3 }
            var copy = [UInt8](repeating: 0, count: bytes.count)
            let allASCII = bytes.withUnsafeBytes { source in
                copy.withUnsafeMutableBytes { destination in
                    Uppercasing.copyUppercasingASCII(
                        from: UnsafeRawBufferPointer(rebasing: source[offset...]),
                        to: UnsafeMutableRawBufferPointer(rebasing: destination[offset...])
                    )
                }
            }
            #expect(allASCII == !hasNonASCII)
            if allASCII { #expect(Array(copy[offset...]) == Uppercasing.uppercased(bytes[offset...])) }
        }
        let edges = Array("@AZ[`az{ \u{7f}".utf8)
        var copy = [UInt8](repeating: 0, count: edges.count)
        let allASCII = edges.withUnsafeBytes { source in
            copy.withUnsafeMutableBytes { Uppercasing.copyUppercasingASCII(from: source, to: $0) }
        }
        #expect(allASCII && copy == Array("@AZ[`AZ{ \u{7f}".utf8))
    }

    @Test("no character grows by more than maximumGrowthFactor when upper-cased")
    func growthBound() {
        var largest = 0.0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = UTF8Sequence.encode(scalar)
            let upper = Uppercasing.uppercased(bytes)
            largest = max(largest, Double(upper.count) / Double(bytes.count))
        }
        #expect(largest == Double(Uppercasing.maximumGrowthFactor))
    }

    @Test("streaming output equals one-shot output for random bytes cut at random points")
    func streamingMatchesOneShot() async {
        let alphabet: [UInt8] = Array("aZß日😀é".utf8) + [0x80, 0xBF, 0xC3, 0xE6, 0xF0, 0xFF, 0x0A, 0x1B]
        let bytes = Gen.int(in: 0..<alphabet.count).map { alphabet[$0] }.array(of: 0...64)
        let cuts = Gen.int(in: 0...64).array(of: 0...6)
        await propertyCheck(count: 2000, input: bytes, cuts) { bytes, cuts in
            var streaming = StreamingUppercaser()
            var output: [UInt8] = []
            var start = 0
            for cut in cuts.map({ min($0, bytes.count) }).sorted() where cut >= start {
                output += streaming.feed(bytes[start..<cut])
                start = cut
            }
            output += streaming.feed(bytes[start...])
            output += streaming.finish()
            #expect(output == Uppercasing.uppercased(bytes))
        }
    }

    @Test("a character split across two reads is never corrupted")
    func splitCharacter() {
        var streaming = StreamingUppercaser()
        let bytes = Array("aß😀".utf8)
        var output = streaming.feed(bytes[0..<2])
        #expect(output == Array("A".utf8))
        output += streaming.feed(bytes[2..<5])
        output += streaming.feed(bytes[5...])
        #expect(output + streaming.finish() == Array("ASS😀".utf8))
    }

    @Test("cutting at a character boundary never splits a character")
    func characterBoundary() {
        let bytes = Array("aé日".utf8)  // 1 + 2 + 3 bytes
        #expect(UTF8Sequence.characterBoundary(in: bytes, atMost: 2) == 1)
        #expect(UTF8Sequence.characterBoundary(in: bytes, atMost: 3) == 3)
        #expect(UTF8Sequence.characterBoundary(in: bytes, atMost: 5) == 3)
        #expect(UTF8Sequence.characterBoundary(in: bytes, atMost: 6) == 6)
    }
}
