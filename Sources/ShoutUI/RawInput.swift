/// One result of ncurses `wget_wch`: what `KeyDecoder` consumes.
public enum RawInput: Hashable, Sendable {
    /// `wget_wch` returned `OK`: a character, as a `wchar_t` value (possibly not a valid scalar).
    case character(UInt32)
    /// `wget_wch` returned `KEY_CODE_YES`: one of the `KEY_*` constants (see `CursesKeyCode`).
    case keyCode(Int32)
}
