import FoundationEssentials
import ShoutUI

/// A screen that runs alone and as one half of `shout demo` (``ClientTUI``, ``ServerTUI``). A mark reaches the other
/// half one way: it is part of what the frame returns, and ``DemoTUI`` puts it on the other half with `mark`. Run
/// alone, the screen's `step` drops the marks: there is no other half, and nothing is kept for one.
protocol DemoHalf: TerminalApp {
    /// One frame, as `step(keys:now:)`, with what it brought.
    func frame(keys: [Key], now: Date) -> ScreenFrame
    /// Puts a mark made on the other half (a divider and a record; it is not returned as this half's own).
    func mark(_ text: String, now: Date)
}

extension DemoHalf {
    func step(keys: [Key], now: Date) -> Bool {
        frame(keys: keys, now: now).goesOn
    }
}
