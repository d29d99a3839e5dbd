/// A key press, decoded from what the terminal sent.
///
/// Ctrl-H, Ctrl-I, Ctrl-J and Ctrl-M arrive as `.backspace`, `.tab` and `.enter`, as terminals send them; the
/// other control keys are `.control` with the lower-case letter (`.control("w")` is Ctrl-W), or with `@`, `\`, `]`,
/// `^` or `_` for Ctrl-Space and the rarer ones.
public enum Key: Hashable, Sendable {
    /// A printable character (never a control character).
    case character(Character)
    /// Enter or Return.
    case enter
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Backspace (also DEL and Ctrl-H).
    case backspace
    /// Delete (forward).
    case delete
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// A function key: `.function(2)` is F2.
    case function(Int)
    /// Ctrl with a letter (lower case) or one of `@ \ ] ^ _`.
    case control(Character)
    /// Alt (Meta) with a character: the terminal sent ESC and then the character.
    case alt(Character)
    /// Ctrl-← (or Alt-←): a word to the left.
    case ctrlLeft
    /// Ctrl-→ (or Alt-→): a word to the right.
    case ctrlRight
    /// Escape pressed on its own.
    case escape
    /// The terminal changed size.
    case resize
}
