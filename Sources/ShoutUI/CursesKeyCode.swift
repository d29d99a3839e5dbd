/// The ncurses `KEY_*` constants `KeyDecoder` knows, with their values from `curses.h` (stable across versions).
///
/// Kept here so that decoding is pure and testable; the ncurses backend checks them against the C header.
public enum CursesKeyCode {
    /// `KEY_DOWN`
    public static let down: Int32 = 0o402
    /// `KEY_UP`
    public static let up: Int32 = 0o403
    /// `KEY_LEFT`
    public static let left: Int32 = 0o404
    /// `KEY_RIGHT`
    public static let right: Int32 = 0o405
    /// `KEY_HOME`
    public static let home: Int32 = 0o406
    /// `KEY_BACKSPACE`
    public static let backspace: Int32 = 0o407
    /// `KEY_F0`; `KEY_F(n)` is `f0 + n`.
    public static let f0: Int32 = 0o410
    /// `KEY_DC` (Delete).
    public static let deleteCharacter: Int32 = 0o512
    /// `KEY_NPAGE` (Page Down).
    public static let nextPage: Int32 = 0o522
    /// `KEY_PPAGE` (Page Up).
    public static let previousPage: Int32 = 0o523
    /// `KEY_ENTER` (keypad Enter).
    public static let enter: Int32 = 0o527
    /// `KEY_A1` (keypad upper left: Home).
    public static let keypadA1: Int32 = 0o534
    /// `KEY_A3` (keypad upper right: Page Up).
    public static let keypadA3: Int32 = 0o535
    /// `KEY_C1` (keypad lower left: End).
    public static let keypadC1: Int32 = 0o537
    /// `KEY_C3` (keypad lower right: Page Down).
    public static let keypadC3: Int32 = 0o540
    /// `KEY_BTAB` (Shift-Tab).
    public static let backTab: Int32 = 0o541
    /// `KEY_END`
    public static let end: Int32 = 0o550
    /// `KEY_RESIZE`
    public static let resize: Int32 = 0o632

    /// `KEY_F(n)`.
    public static func function(_ number: Int) -> Int32 { f0 + Int32(number) }
}
