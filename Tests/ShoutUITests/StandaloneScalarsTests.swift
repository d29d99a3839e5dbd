import Testing

@testable import ShoutUI

@Suite("StandaloneScalars and the cell model")
struct StandaloneScalarsTests {
    /// Every scalar of the fast path, outside ASCII.
    static let scalars: [Unicode.Scalar] = StandaloneScalars.ranges.flatMap { range in
        range.compactMap { Unicode.Scalar($0) }
    }

    @Test("every scalar of the fast path is one column, safe as it is, and never joins a neighbour")
    func everyScalarStandsAlone() {
        #expect(Self.scalars.count > 700)
        for scalar in Self.scalars {
            let character = Character(scalar)
            #expect(DisplayWidth.of(scalar) == 1, "U+\(String(scalar.value, radix: 16))")
            #expect(ScreenBuffer.visibleForm(of: character) == nil, "U+\(String(scalar.value, radix: 16))")
            // A mark or joiner would join the cluster before it, a prepended mark the one after it.
            #expect("e\(character)".count == 2, "U+\(String(scalar.value, radix: 16)) after a letter")
            #expect("\(character)e".count == 2, "U+\(String(scalar.value, radix: 16)) before a letter")
            #expect("\(character)\(character)".count == 2, "U+\(String(scalar.value, radix: 16)) twice")
        }
    }

    @Test("text of standalone scalars is written one cell each, the same cells as cluster by cluster")
    func fastPathMatchesClusters() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let text = String(
                String.UnicodeScalarView((0..<30).map { _ in Self.scalars.randomElement(using: &generator)! })
            )
            var buffer = ScreenBuffer(width: 40, height: 1)
            #expect(buffer.put(text, x: 2, y: 0, style: .role(.accent)) == 30)
            for (offset, character) in text.enumerated() {
                #expect(buffer[2 + offset, 0] == Cell(text: String(character), style: .role(.accent)))
            }
            // (A row's text has its trailing spaces trimmed; the set includes the space.)
            var expected = "  " + text
            while expected.last == " " { expected.removeLast() }
            #expect(buffer.line(0) == expected)
        }
    }

    @Test("a standalone scalar next to a mark takes the cluster path: the mark sits on it")
    func markAfterStandaloneScalar() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        #expect(buffer.put("─\u{301}→", x: 0, y: 0) == 2)
        #expect(buffer[0, 0].text == "─\u{301}")
        #expect(buffer[1, 0].text == "→")
    }

    @Test("a cell holds no reference, so a screen of them is plain memory to copy, compare and free")
    func cellIsPlainData() {
        #expect(_isPOD(Cell.self))
    }

    @Test("a cell keeps a cluster's first four scalars; its text is what it keeps")
    func clusterScalars() {
        #expect(Cell(text: "e\u{301}\u{302}").text == "e\u{301}\u{302}")
        let family = "👨\u{200D}👩\u{200D}👧"
        let cell = Cell(text: family, width: 2)
        #expect(cell.scalars.count == Cell.maximumScalars)
        #expect(cell.text == "👨\u{200D}👩\u{200D}")
        #expect(cell.firstScalar == "👨")
        #expect(Cell.continuation(.plain).firstScalar == nil && Cell.continuation(.plain).text.isEmpty)
        #expect(Cell.blank.isSingle(" ") && !Cell(text: "e\u{301}").isSingle("e"))
    }
}
