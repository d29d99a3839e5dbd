/// The ASCII character drawn for one of the screens' own symbols where the terminal's locale is not UTF-8
/// (`LANG=C`): arrows, markers, separators and box drawing keep their meaning (`→` is `>`, `✗` is `x`, `·` is `|`)
/// instead of all turning into `?`. Text from the network or the keyboard that is not ASCII still shows as `?`.
public enum ASCIIStandIn {
    /// The stand-in for `value`, an ASCII byte; nil for a scalar that is not one of the screens' symbols.
    public static func character(for value: UInt32) -> UInt8? {
        switch value {
        case 0x2192, 0x25B6: return UInt8(ascii: ">")  // → ▶
        case 0x2190, 0x25C0: return UInt8(ascii: "<")  // ← ◀
        case 0x2191: return UInt8(ascii: "^")  // ↑
        case 0x2193: return UInt8(ascii: "v")  // ↓
        case 0x2717, 0x00D7: return UInt8(ascii: "x")  // ✗ ×
        case 0x2713: return UInt8(ascii: "+")  // ✓
        case 0x00B7, 0x2502: return UInt8(ascii: "|")  // · │
        case 0x2026, 0x2248: return UInt8(ascii: "~")  // … ≈
        case 0x2500, 0x2013, 0x2014: return UInt8(ascii: "-")  // ─ – —
        case 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C: return UInt8(ascii: "+")
        case 0x00B5: return UInt8(ascii: "u")  // µ
        default: return nil
        }
    }
}
