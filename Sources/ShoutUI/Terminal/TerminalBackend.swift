/// What the UI loop needs of a terminal: the ncurses terminal (ShoutTerminal) implements it, and tests use a
/// recording one, so the loop's frame pacing, resizing, suspending and key batching are tested without a terminal.
public protocol TerminalBackend: AnyObject {
    /// Whether the terminal shows UTF-8 (else the screens draw ASCII borders).
    var isUTF8: Bool { get }
    /// Takes the terminal: raw mode, the alternate screen. Throws when there is no usable terminal.
    func start() throws
    /// Gives the terminal back as it was.
    func stop()
    /// The keys that arrive within `timeoutMilliseconds` (all that are waiting, or none when the time passes).
    func pollKeys(timeoutMilliseconds: Int) -> [Key]
    /// The terminal's size now.
    func size() -> (width: Int, height: Int)
    /// Shows `buffer`, writing only the cells that changed since the last draw.
    func draw(_ buffer: ScreenBuffer)
    /// Makes the next draw write every cell (after the terminal was used by something else).
    func forceRedraw()
}
