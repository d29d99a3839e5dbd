/// One result of ncurses `wget_wch` (or of `wgetch`, in a locale that is not UTF-8): what `KeyDecoder` consumes.
public enum RawInput: Hashable, Sendable {
    /// `wget_wch` returned `OK`: a character, as a `wchar_t` value (possibly not a valid scalar).
    case character(UInt32)
    /// `wget_wch` returned `KEY_CODE_YES`: one of the `KEY_*` constants (see `CursesKeyCode`).
    case keyCode(Int32)
    /// `wgetch` returned one byte of what was typed: in a locale that is not UTF-8 (`LANG=C`) ncurses cannot decode
    /// a typed `ß`, so the decoder puts UTF-8 together from the bytes itself.
    case byte(UInt8)
}
