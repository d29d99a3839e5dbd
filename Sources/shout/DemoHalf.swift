import FoundationEssentials
import ShoutUI

/// What one frame of a screen brought that the rest of the program may need: whether the screen goes on, and the
/// marks the user put in it (its state's `.marked` effects).
struct ScreenFrame {
    /// False once the user asked to quit.
    var goesOn = true
    /// The marks put in this frame, oldest first.
    var marks: [String] = []
}

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
