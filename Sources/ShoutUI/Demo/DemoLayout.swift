/// Where the two halves of `shout demo` go in a given area: computed, never drawn, so tests and the program agree.
///
/// One row at the top (the bar) names the halves and says which has the keyboard. Below it: client left and server
/// right when the area is at least ``sideBySideMinimumWidth`` columns; stacked (client above, server below) when it is
/// narrower but tall enough for both; otherwise only the focused half, so a tiny terminal still shows something
/// usable (F6 then swaps which half is shown).
public struct DemoLayout: Equatable, Sendable {
    /// The narrowest area with the halves side by side.
    public static let sideBySideMinimumWidth = 100
    /// The lowest area with the halves side by side (the bar and a full server screen).
    public static let sideBySideMinimumHeight = 11
    /// The lowest area with the halves stacked: the bar, a client with a few transcript rows, a full server screen.
    public static let stackedMinimumHeight = 18
    /// The narrowest area with the halves stacked.
    public static let stackedMinimumWidth = 40
    /// The lowest client half that shows its own packets with `--wire` among its lines: a TCP line's four segments
    /// beside it and its reply would push the line itself out of a shorter transcript (the server's Wire pane shows
    /// them all anyway).
    public static let segmentsMinimumClientHeight = 16

    /// How the halves are arranged.
    public enum Arrangement: Equatable, Sendable {
        /// Client left, server right.
        case sideBySide
        /// Client above, server below.
        case stacked
        /// Only the focused half (the area is too small for both).
        case focusedOnly
    }

    /// The area laid out.
    public let area: Rect
    /// How the halves are arranged.
    public let arrangement: Arrangement
    /// The bar's row (empty when the area has fewer than two rows).
    public let bar: Rect
    /// The client's rectangle (empty when it is not shown).
    public let client: Rect
    /// The server's rectangle (empty when it is not shown).
    public let server: Rect

    /// The layout of `area` with `focus` on one half.
    public init(area: Rect, focus: DemoFocus) {
        self.area = area
        let hasBar = area.height >= 2
        let split = area.sliceTop(hasBar ? 1 : 0)
        bar = split.top
        let body = split.remainder
        let none = Rect(x: body.x, y: body.y, width: 0, height: 0)
        if area.width >= Self.sideBySideMinimumWidth, area.height >= Self.sideBySideMinimumHeight {
            arrangement = .sideBySide
            // The server's panes sit side by side, so it gets the wider half when the width is odd.
            let halves = body.sliceLeft(body.width / 2)
            client = halves.left
            server = halves.remainder
        } else if area.width >= Self.stackedMinimumWidth, area.height >= Self.stackedMinimumHeight {
            arrangement = .stacked
            // The client needs few rows (a status, a transcript, an input line); the server's panes want more.
            let halves = body.sliceTop(max(7, body.height * 2 / 5))
            client = halves.top
            server = halves.remainder
        } else {
            arrangement = .focusedOnly
            client = focus == .client ? body : none
            server = focus == .server ? body : none
        }
    }

    /// Whether the client half is tall enough to show its own packets among its lines (``segmentsMinimumClientHeight``).
    public var clientShowsSegments: Bool { client.height >= Self.segmentsMinimumClientHeight }

    /// The rectangle of one half (empty when it is not shown).
    public func rect(of half: DemoFocus) -> Rect { half == .client ? client : server }
}
