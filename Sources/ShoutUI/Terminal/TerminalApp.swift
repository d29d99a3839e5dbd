import FoundationEssentials

/// A full-screen program that a ``TerminalLoop`` drives: state that takes keys and network events and renders itself
/// into a screen buffer. Everything it does runs on the loop's thread, the one that owns the terminal; network work
/// it starts reports back through an `EventChannel` that it drains in `step`.
public protocol TerminalApp: AnyObject {
    /// Called once per frame (at most ~30 a second) with the keys that arrived since the last one; drains network
    /// events, applies everything, and returns false to quit.
    func step(keys: [Key], now: Date) -> Bool
    /// Whether something changed since the last render.
    var needsRender: Bool { get }
    /// The terminal has this size now (called before the first render and whenever it changes); the app lays
    /// itself out here, never while rendering.
    func resize(width: Int, height: Int)
    /// Paints the whole screen; `ascii` asks for ASCII borders (no UTF-8 locale).
    func render(into buffer: inout ScreenBuffer, ascii: Bool)
    /// Called after the terminal is restored, for a last line on standard output or error (a summary).
    func finish()
}
