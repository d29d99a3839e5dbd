import Testing

@testable import ShoutUI

@Suite("ScrollbackLog")
struct ScrollbackLogTests {
    static func log(_ range: ClosedRange<Int>, capacity: Int = 100) -> ScrollbackLog<Int> {
        var log = ScrollbackLog<Int>(capacity: capacity)
        log.append(contentsOf: range)
        return log
    }

    @Test("a reader at the bottom follows new lines")
    func follows() {
        var log = Self.log(1...10)
        #expect(log.visible(height: 3) == [8, 9, 10])
        log.append(11)
        #expect(log.visible(height: 3) == [9, 10, 11])
        #expect(log.isAtBottom)
        #expect(log.newBelow == 0)
    }

    @Test("a reader who scrolled up is not moved by new lines, which are counted below")
    func scrolledUp() {
        var log = Self.log(1...10)
        log.scroll(by: -2, height: 3)
        #expect(log.visible(height: 3) == [6, 7, 8])
        log.append(11)
        log.append(12)
        #expect(log.visible(height: 3) == [6, 7, 8])
        #expect(log.newBelow == 2)
        log.scroll(by: 1, height: 3)
        #expect(log.visible(height: 3) == [7, 8, 9])
        #expect(log.newBelow == 2)
        log.scroll(by: 2, height: 3)
        #expect(log.visible(height: 3) == [9, 10, 11])
        #expect(log.newBelow == 1)
        log.end()
        #expect(log.visible(height: 3) == [10, 11, 12])
        #expect(log.newBelow == 0)
        #expect(log.isAtBottom)
    }

    @Test("pages, home and clamping")
    func paging() {
        var log = Self.log(1...20)
        log.pageUp(height: 4)
        #expect(log.visible(height: 4) == [14, 15, 16, 17])
        log.pageUp(height: 4)
        #expect(log.visible(height: 4) == [11, 12, 13, 14])
        log.pageDown(height: 4)
        #expect(log.visible(height: 4) == [14, 15, 16, 17])
        log.home(height: 4)
        #expect(log.visible(height: 4) == [1, 2, 3, 4])
        log.scroll(by: -100, height: 4)
        #expect(log.visible(height: 4) == [1, 2, 3, 4])
        log.scroll(by: 1, height: 4)
        #expect(log.visible(height: 4) == [2, 3, 4, 5])
        log.scroll(by: 100, height: 4)
        #expect(log.isAtBottom)
        #expect(log.visible(height: 4) == [17, 18, 19, 20])
    }

    @Test("a log shorter than the view cannot scroll")
    func short() {
        var log = Self.log(1...2)
        log.pageUp(height: 5)
        #expect(log.isAtBottom)
        #expect(log.visible(height: 5) == [1, 2])
        #expect(log.visible(height: 0) == [])
        #expect(ScrollbackLog<Int>().visible(height: 3) == [])
    }

    @Test("bounded: the oldest lines are dropped and a scrolled view stays put")
    func bounded() {
        let log = Self.log(1...8, capacity: 5)
        #expect(log.lines == [4, 5, 6, 7, 8])
        #expect(ScrollbackLog<Int>().capacity == 10_000)
        var reading = Self.log(1...10, capacity: 10)
        reading.scroll(by: -3, height: 3)
        #expect(reading.visible(height: 3) == [5, 6, 7])
        reading.append(contentsOf: [11, 12])
        #expect(reading.count == 10)
        #expect(reading.visible(height: 3) == [5, 6, 7])
        #expect(reading.newBelow == 2)
        reading.append(contentsOf: 13...30)
        #expect(reading.visible(height: 3) == [21, 22, 23])  // the lines read were dropped: the oldest page shows
    }

    @Test("clear empties and returns to the bottom")
    func clear() {
        var log = Self.log(1...10)
        log.scroll(by: -4, height: 3)
        log.append(11)
        log.clear()
        #expect(log.count == 0)
        #expect(log.isAtBottom)
        #expect(log.newBelow == 0)
        log.append(1)
        #expect(log.visible(height: 3) == [1])
    }

    @Test("a flood of lines keeps memory bounded")
    func flood() {
        var log = ScrollbackLog<String>(capacity: 1_000)
        for number in 0..<50_000 { log.append("line \(number)") }
        #expect(log.count == 1_000)
        #expect(log[0] == "line 49000")
        #expect(log.visible(height: 1) == ["line 49999"])
    }
}
