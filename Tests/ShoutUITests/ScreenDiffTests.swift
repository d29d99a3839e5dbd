import Testing

@testable import ShoutUI

@Suite("ScreenDiff")
struct ScreenDiffTests {
    /// `old` with the diff's runs written over it, as the backend would.
    static func apply(_ diff: ScreenDiff, to old: ScreenBuffer) -> [Cell] {
        var cells = old.cells
        for run in diff.runs {
            for (offset, cell) in run.cells.enumerated() { cells[run.y * old.width + run.x + offset] = cell }
        }
        return cells
    }

    @Test("the first frame and a size change redraw everything")
    func full() {
        var screen = ScreenBuffer(width: 4, height: 2)
        screen.put("ab", x: 0, y: 0)
        let first = ScreenDiff(from: nil, to: screen)
        #expect(first.isFullRedraw)
        #expect(first.cellCount == 8)
        #expect(first.runs.map(\.y) == [0, 1])
        let resized = ScreenDiff(from: screen, to: ScreenBuffer(width: 5, height: 2))
        #expect(resized.isFullRedraw)
        #expect(resized.cellCount == 10)
    }

    @Test("an unchanged screen writes nothing")
    func unchanged() {
        var screen = ScreenBuffer(width: 10, height: 3)
        screen.put("日本 ok", x: 1, y: 1)
        let diff = ScreenDiff(from: screen, to: screen)
        #expect(!diff.isFullRedraw)
        #expect(diff.runs.isEmpty)
    }

    @Test("only changed cells are written, in runs")
    func runs() {
        var old = ScreenBuffer(width: 10, height: 2)
        old.put("hello", x: 0, y: 0)
        var new = old
        new.put("j", x: 0, y: 0)
        new.put("LO", x: 3, y: 0)
        new.put("x", x: 9, y: 1)
        let diff = ScreenDiff(from: old, to: new)
        #expect(diff.runs.map { [$0.x, $0.y, $0.cells.count] } == [[0, 0, 1], [3, 0, 2], [9, 1, 1]])
        #expect(diff.runs[1].cells.map(\.text) == ["L", "O"])
    }

    @Test("a changed wide character is written whole")
    func wide() {
        var old = ScreenBuffer(width: 6, height: 1)
        old.put("ab日c", x: 0, y: 0)
        var new = old
        new.put("本", x: 2, y: 0)
        let diff = ScreenDiff(from: old, to: new)
        #expect(diff.runs.count == 1)
        #expect(diff.runs[0].x == 2)
        #expect(diff.runs[0].cells.map(\.width) == [2, 0])
        var styled = old
        styled.put("日", x: 2, y: 0, style: .role(.bad))
        let restyle = ScreenDiff(from: old, to: styled)
        #expect(restyle.runs.map(\.x) == [2])
        #expect(restyle.runs[0].cells.count == 2)
    }

    @Test("writing the runs over the old screen gives the new one")
    func reproduces() {
        let texts = ["日本語", "hello", "🎉 party", "e\u{301}x", "ｆｕｌｌ", " ", "abc日"]
        var generator = SplitMix(seed: 42)
        var old = ScreenBuffer(width: 12, height: 4)
        for _ in 0..<200 {
            var new = old
            for _ in 0..<3 {
                let text = texts[Int(generator.next() % UInt64(texts.count))]
                new.put(
                    text,
                    x: Int(generator.next() % 13) - 1,
                    y: Int(generator.next() % 4),
                    style: generator.next() % 2 == 0 ? .plain : .role(.accent)
                )
            }
            let diff = ScreenDiff(from: old, to: new)
            #expect(Self.apply(diff, to: old) == new.cells)
            for run in diff.runs {
                #expect(run.cells.first?.isContinuation == false)
                if let last = run.cells.last, last.width == 2 { Issue.record("a run ends inside a wide character") }
            }
            old = new
        }
    }
}

/// A small deterministic random number generator, so a failure can be reproduced.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
