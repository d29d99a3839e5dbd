import CNCursesW
import ShoutUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real terminal, driven through ncursesw: takes it over, reads keys, draws `ScreenBuffer`s, and gives it back.
///
/// Ownership and threads: ncurses keeps global state and is not thread-safe, so exactly one task owns the
/// `Terminal` and makes every call on it (the UI loop); the class is deliberately not `Sendable`. Network code
/// never touches it; it sends events that the UI loop drains.
///
/// Life cycle: `start()` once, then `pollKeys` and `draw` in a loop, then `stop()`. `stop()` restores the terminal
/// (cooked mode, echo, cursor, the shell's screen); it is idempotent, so every exit path may call it, and `deinit`
/// calls it too. After `stop()`, `start()` resumes (for suspend and resume).
public final class Terminal: TerminalBackend {
    /// Whether the terminal is currently taken over.
    public private(set) var isActive = false
    /// Whether the locale's character set is UTF-8; if not, screens should use `BoxDrawing.ascii`, the screens'
    /// symbols are drawn by their `ASCIIStandIn` and any other non-ASCII character as `?`, and keys are read as bytes
    /// that the decoder puts together as UTF-8.
    public private(set) var isUTF8 = false
    /// Whether colour roles are drawn in colour (the terminal has colours and `NO_COLOR` is unset or empty).
    public private(set) var usesColor = false

    private var screen: OpaquePointer?
    var decoder = KeyDecoder()
    var lastDrawn: ScreenBuffer?
    private var cursorShown: Bool?
    private var styleAttributes = Terminal.styleTable(pairs: [:])

    /// A terminal not yet taken over.
    public init() {}

    deinit { stop() }

    /// Takes the terminal over: locale from the environment, raw mode (Ctrl-C and Ctrl-Z arrive as keys), no echo,
    /// keypad decoding, colours when allowed, hidden cursor. Throws `TerminalError` instead of letting ncurses exit
    /// the process when standard input/output is not a terminal, or `TERM` is missing, unknown, or names a terminal
    /// that cannot move its cursor (`dumb`: Emacs' shell, some IDE consoles).
    public func start() throws {
        guard !isActive else { return }
        if let screen {
            // Resuming after stop(): a refresh puts ncurses back in program mode.
            set_term(screen)
            isActive = true
            forceRedraw()
            return
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        guard let typePointer = getenv("TERM"), typePointer.pointee != 0 else { throw TerminalError.noTerminalType }
        let type = String(cString: typePointer)
        shout_setlocale_from_environment()
        isUTF8 = shout_locale_is_utf8() != 0
        switch shout_terminal_addresses_cursor(type) {
        case ..<0: throw TerminalError.unknownTerminalType(type)
        case 0: throw TerminalError.cannotAddressCursor(type)
        default: break
        }
        guard let screen = shout_newterm_stdio(type) else { throw TerminalError.unknownTerminalType(type) }
        self.screen = screen
        set_term(screen)
        isActive = true
        Self.checkKeyCodes()

        let window = shout_stdscr()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        // All eight bits of each byte typed: in a locale that is not UTF-8 the decoder reads them as UTF-8.
        meta(window, true)
        intrflush(window, false)
        // A lone ESC is resolved after this many milliseconds instead of ncurses' default of a whole second.
        set_escdelay(25)
        setUpColors()
        decoder = KeyDecoder(extendedKeys: Self.extendedKeyTable())
        lastDrawn = nil
        cursorShown = nil
        showCursor(false)
    }

    /// Gives the terminal back: the shell's screen, cooked mode, echo and a visible cursor. Safe to call twice,
    /// or without `start()`.
    public func stop() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
        fflush(nil)
    }

    /// Columns and rows of the terminal (updated by ncurses when the terminal is resized).
    public func size() -> (width: Int, height: Int) {
        guard isActive else { return (0, 0) }
        var rows: Int32 = 0
        var columns: Int32 = 0
        shout_getmaxyx(shout_stdscr(), &rows, &columns)
        return (Int(max(0, columns)), Int(max(0, rows)))
    }

    /// Shows `buffer`: writes only the cells that differ from the last buffer drawn (everything on the first frame
    /// or after a size change), then places or hides the cursor as `buffer.cursor` says.
    public func draw(_ buffer: ScreenBuffer) {
        guard isActive else { return }
        let window = shout_stdscr()
        let diff = ScreenDiff(from: lastDrawn, to: buffer)
        if diff.isFullRedraw {
            werase(window)
            clearok(shout_curscr(), true)
        }
        for run in diff.runs {
            for (offset, cell) in run.cells.enumerated() where !cell.isContinuation {
                write(cell, x: run.x + offset, y: run.y, window: window)
            }
        }
        if let cursor = buffer.cursor, buffer.contains(x: cursor.x, y: cursor.y) {
            showCursor(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            showCursor(false)
        }
        wrefresh(window)
        lastDrawn = buffer
    }

    /// Repaints the whole screen from scratch (after resume, or when something else wrote to the terminal).
    public func forceRedraw() {
        guard isActive else { return }
        clearok(shout_curscr(), true)
        if let last = lastDrawn {
            lastDrawn = nil
            draw(last)
        } else {
            wrefresh(shout_stdscr())
        }
    }

    private func showCursor(_ shown: Bool) {
        guard cursorShown != shown else { return }
        cursorShown = shown
        curs_set(shown ? 1 : 0)
    }

    private func setUpColors() {
        var rolePairs: [CellStyle.Role: Int16] = [:]
        usesColor = false
        defer { styleAttributes = Self.styleTable(pairs: rolePairs) }
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        guard !noColor, has_colors(), start_color() != ERR else { return }
        let background: Int16 = use_default_colors() != ERR ? -1 : Int16(COLOR_BLACK)
        let foregrounds: [(CellStyle.Role, Int32)] = [
            (.accent, COLOR_CYAN), (.good, COLOR_GREEN), (.bad, COLOR_RED), (.warn, COLOR_YELLOW),
        ]
        for (index, (role, colour)) in foregrounds.enumerated() {
            let pair = Int16(index + 1)
            if init_pair(pair, Int16(colour), background) != ERR { rolePairs[role] = pair }
        }
        usesColor = true
    }

    /// ncurses attributes and colour pair for a style, looked up in the table `setUpColors` made.
    func attributes(for style: CellStyle) -> (attr_t, Int16) {
        styleAttributes[Self.tableIndex(of: style)]
    }

    /// Every style's ncurses attributes and colour pair, made once colours are known (a frame asks for each cell).
    private static func styleTable(pairs: [CellStyle.Role: Int16]) -> [(attr_t, Int16)] {
        var table = [(attr_t, Int16)](repeating: (shout_a_normal(), 0), count: CellStyle.Role.allCases.count * 16)
        for role in CellStyle.Role.allCases {
            for flags in 0..<16 {
                let style = CellStyle(
                    role: role,
                    bold: flags & 1 != 0,
                    dim: flags & 2 != 0,
                    reverse: flags & 4 != 0,
                    underline: flags & 8 != 0
                )
                var attributes = shout_a_normal()
                if style.bold { attributes |= shout_a_bold() }
                if style.dim || style.role == .muted { attributes |= shout_a_dim() }
                if style.reverse { attributes |= shout_a_reverse() }
                if style.underline { attributes |= shout_a_underline() }
                table[tableIndex(of: style)] = (attributes, pairs[role] ?? 0)
            }
        }
        return table
    }

    private static func tableIndex(of style: CellStyle) -> Int {
        var flags = style.bold ? 1 : 0
        if style.dim { flags |= 2 }
        if style.reverse { flags |= 4 }
        if style.underline { flags |= 8 }
        return style.role.rawValue * 16 + flags
    }
}

@available(*, unavailable, message: "ncurses is not thread-safe: one task owns the terminal")
extension Terminal: Sendable {}
