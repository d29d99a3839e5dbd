import ShoutCore
import Testing

@testable import ShoutUI

/// Scrolling the client's transcript by rows, where entries wrap onto several rows.
@Suite("Transcript scrolling by rows")
struct TranscriptScrollTests {
    /// A log of `sizes.count` lines, where line `i` takes `sizes[i]` rows.
    static func log(_ sizes: [Int]) -> ScrollbackLog<Int> {
        var log = ScrollbackLog<Int>()
        log.append(contentsOf: sizes)
        return log
    }

    /// The rows a line takes: the line's value.
    static func rows(_ line: Int) -> Int { line }

    @Test("Home puts the oldest line's first row at the top, however many rows the lines take")
    func homeInRows() {
        var log = Self.log([3, 3, 3, 3])
        log.home(height: 5, rows: Self.rows)
        // The view's 5 rows: all 3 of line 0 and 2 of line 1; line 1's last row is cut below.
        #expect(log.offset == 2)
        #expect(log.cutRows == 1)
        #expect(log.rowsAtOrAboveBottomEdge(upTo: 100, rows: Self.rows) == 5)
    }

    @Test("PgUp pages by rows until the top, and no further")
    func pageUpReachesTop() {
        var log = Self.log([3, 3, 3, 3])  // 12 rows
        var positions: [Int] = []
        for _ in 0..<6 {
            log.pageUp(height: 5, rows: Self.rows)
            positions.append(log.rowsAtOrAboveBottomEdge(upTo: 100, rows: Self.rows))
        }
        // Rows from the top down to the view's bottom edge: 12 at the bottom, then 4 rows a page, never under 5.
        #expect(positions == [8, 5, 5, 5, 5, 5])
        log.pageDown(height: 5, rows: Self.rows)
        #expect(log.rowsAtOrAboveBottomEdge(upTo: 100, rows: Self.rows) == 9)
        log.pageDown(height: 5, rows: Self.rows)
        log.pageDown(height: 5, rows: Self.rows)
        #expect(log.isAtBottom)
    }

    @Test("a line appended while scrolled up leaves the view where it is")
    func appendKeepsView() {
        var log = Self.log([2, 2, 2, 2])
        log.scroll(byRows: -3, height: 2, rows: Self.rows)
        let before = (log.offset, log.cutRows)
        log.append(4)
        #expect(log.offset == before.0 + 1)
        #expect(log.cutRows == before.1)
        #expect(log.newBelow == 1)
    }

    /// A client screen `width` columns wide after `/help`, whose entries wrap onto two or three rows.
    static func helpScreen(width: Int, height: Int) -> ClientScreenHarness {
        var screen = ClientScreenHarness()
        screen.startReady()
        screen.state.layout(area: Rect(x: 0, y: 0, width: width, height: height))
        screen.enter("/help", at: 1)
        return screen
    }

    static func render(_ screen: ClientScreenHarness, width: Int, height: Int) -> [String] {
        var buffer = ScreenBuffer(width: width, height: height)
        screen.state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: false)
        return buffer.lines
    }

    @Test("at half a projector's width, PgUp reaches the greeting and the keys line, and the marker goes")
    func halfWidthReachesTop() {
        let (width, height) = (58, 14)
        var screen = Self.helpScreen(width: width, height: height)
        let bottom = Self.render(screen, width: width, height: height)
        #expect(bottom[height - 3].contains("↑ more above · PgUp"))
        #expect(!bottom.joined().contains("talking to"))
        var seen = bottom
        for _ in 0..<20 {
            screen.press(.pageUp)
            seen += Self.render(screen, width: width, height: height)
        }
        let top = Self.render(screen, width: width, height: height)
        #expect(top[1].contains("· talking to 127.0.0.1:12000"))
        #expect(!top[height - 3].contains("more above"))
        #expect(top[height - 3].contains("more below"))
        #expect(seen.contains { $0.contains("keys: Enter sends") })
    }

    @Test("Home on an empty line shows the first row of the greeting; End returns to the bottom")
    func homeAndEnd() {
        let (width, height) = (58, 14)
        var screen = Self.helpScreen(width: width, height: height)
        screen.press(.home)
        #expect(Self.render(screen, width: width, height: height)[1].contains("· talking to 127.0.0.1:12000"))
        screen.press(.end)
        #expect(screen.state.transcript.isAtBottom)
        #expect(Self.render(screen, width: width, height: height)[height - 3].contains("↑ more above"))
    }

    @Test("sending while scrolled up jumps back to the bottom, where the line sent shows")
    func sendingJumpsToBottom() {
        let (width, height) = (58, 14)
        var screen = Self.helpScreen(width: width, height: height)
        screen.press(.pageUp)
        screen.press(.pageUp)
        #expect(!screen.state.transcript.isAtBottom)
        screen.enter("back down", at: 2)
        #expect(screen.state.transcript.isAtBottom)
        let shown = Self.render(screen, width: width, height: height)
        #expect(shown[height - 4].contains("→ back down"), "\(shown.joined(separator: "\n"))")
        #expect(!shown[height - 3].contains("more below"))
    }
}
