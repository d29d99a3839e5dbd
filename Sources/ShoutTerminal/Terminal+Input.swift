import CNCursesW
import ShoutUI

extension Terminal {
    /// Most inputs read in one poll, so a flood of pasted text cannot keep the UI loop from drawing.
    private static let maximumInputsPerPoll = 4_096

    /// Waits up to `timeoutMilliseconds` (0: not at all) for input, then reads everything already waiting and
    /// returns it decoded. A terminal resize comes back as `.resize`; `size()` then gives the new size and the next
    /// `draw` repaints everything.
    public func pollKeys(timeoutMilliseconds: Int) -> [Key] {
        guard isActive else { return [] }
        let window = shout_stdscr()
        wtimeout(window, Int32(clamping: max(0, timeoutMilliseconds)))
        let keyCodeYes = shout_key_code_yes()
        var keys: [Key] = []
        var value: wint_t = 0
        for _ in 0..<Self.maximumInputsPerPoll {
            let input: RawInput
            if isUTF8 {
                let status = wget_wch(window, &value)
                if status == ERR { break }
                input = status == keyCodeYes ? .keyCode(Int32(bitPattern: value)) : .character(value)
            } else {
                // Not a UTF-8 locale: ncurses would drop a typed `ß` (and what follows it), so take the bytes and
                // let the decoder read them as UTF-8.
                let code = wgetch(window)
                if code == ERR { break }
                input = (0...0xFF).contains(code) ? .byte(UInt8(code)) : .keyCode(code)
            }
            keys += decoder.decode(input)
            wtimeout(window, 0)
        }
        if let pending = decoder.flushPendingEscape() { keys.append(pending) }
        if keys.contains(.resize) { lastDrawn = nil }
        return keys
    }

    /// Codes ncurses assigned at run time to keys the terminal description defines as extended capabilities.
    static func extendedKeyTable() -> [Int32: Key] {
        let names: [(String, Key)] = [
            ("kLFT5", .ctrlLeft), ("kRIT5", .ctrlRight), ("kLFT3", .ctrlLeft), ("kRIT3", .ctrlRight),
        ]
        var table: [Int32: Key] = [:]
        for (name, key) in names {
            let code = name.withCString { shout_key_code_for_capability($0) }
            if code > 0 { table[code] = key }
        }
        return table
    }

    /// In debug builds, checks that `CursesKeyCode` (what the pure decoder uses) matches this `curses.h`.
    static func checkKeyCodes() {
        assert(CursesKeyCode.left == KEY_LEFT && CursesKeyCode.right == KEY_RIGHT && CursesKeyCode.up == KEY_UP)
        assert(CursesKeyCode.down == KEY_DOWN && CursesKeyCode.home == KEY_HOME && CursesKeyCode.end == KEY_END)
        assert(CursesKeyCode.previousPage == KEY_PPAGE && CursesKeyCode.nextPage == KEY_NPAGE)
        assert(CursesKeyCode.deleteCharacter == KEY_DC && CursesKeyCode.backspace == KEY_BACKSPACE)
        assert(CursesKeyCode.enter == KEY_ENTER && CursesKeyCode.backTab == KEY_BTAB)
        assert(CursesKeyCode.function(2) == shout_key_f(2) && CursesKeyCode.resize == shout_key_resize())
    }
}
