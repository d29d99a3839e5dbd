import Testing

@testable import ShoutUI

@Suite("Rect")
struct RectTests {
    let area = Rect(x: 2, y: 1, width: 20, height: 10)

    @Test("slicing")
    func slicing() {
        let (top, below) = area.sliceTop(3)
        #expect(top == Rect(x: 2, y: 1, width: 20, height: 3))
        #expect(below == Rect(x: 2, y: 4, width: 20, height: 7))
        let (above, bottom) = area.sliceBottom(2)
        #expect(above == Rect(x: 2, y: 1, width: 20, height: 8))
        #expect(bottom == Rect(x: 2, y: 9, width: 20, height: 2))
        let (left, rest) = area.sliceLeft(5)
        #expect(left == Rect(x: 2, y: 1, width: 5, height: 10))
        #expect(rest == Rect(x: 7, y: 1, width: 15, height: 10))
        let (_, right) = area.sliceRight(4)
        #expect(right == Rect(x: 18, y: 1, width: 4, height: 10))
    }

    @Test("slicing more than there is clamps")
    func clamping() {
        let (top, below) = area.sliceTop(50)
        #expect(top == area)
        #expect(below.isEmpty)
        #expect(area.sliceLeft(-3).left.isEmpty)
        #expect(area.inset(by: 20).isEmpty)
        #expect(area.inset(by: 20).width == 0)
        #expect(Rect(x: 0, y: 0, width: -5, height: 2).width == 0)
    }

    @Test("splits and insets")
    func splits() {
        let (left, right) = area.splitColumns(fraction: 0.5, gap: 1)
        #expect(left == Rect(x: 2, y: 1, width: 9, height: 10))
        #expect(right == Rect(x: 12, y: 1, width: 10, height: 10))
        let (top, bottom) = area.splitRows(fraction: 0.3)
        #expect(top.height == 3)
        #expect(bottom == Rect(x: 2, y: 4, width: 20, height: 7))
        #expect(area.inset(by: 1) == Rect(x: 3, y: 2, width: 18, height: 8))
        #expect(area.inset(left: 2, right: 3) == Rect(x: 4, y: 1, width: 15, height: 10))
        #expect(area.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 2, y: 1, width: 3, height: 4))
        #expect(area.intersection(Rect(x: 50, y: 50, width: 5, height: 5)).isEmpty)
        #expect(area.contains(x: 2, y: 1))
        #expect(!area.contains(x: 22, y: 1))
    }
}
