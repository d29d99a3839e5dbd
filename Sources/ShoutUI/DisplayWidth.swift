/// How many terminal columns text occupies, computed from Unicode properties in pure Swift (no `wcwidth`).
///
/// Rules: C0/C1 controls, combining marks (Mn, Me), format characters (Cf, including ZWJ) and variation selectors
/// take 0 columns; East Asian Wide and Fullwidth characters (CJK, kana, Hangul, fullwidth forms) and emoji whose
/// default presentation is emoji take 2; everything else takes 1. A grapheme cluster is as wide as its first scalar,
/// so `e` + U+0301 is 1 and an emoji ZWJ sequence is 2. A text-presentation base followed by U+FE0F (`❤️`) counts 1,
/// as the C library's `wcwidth` (and so ncurses) counts it.
public enum DisplayWidth {
    /// Columns of one scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        // The soft hyphen is a format character that terminals nevertheless draw.
        if value == 0xAD { return 1 }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        // Conjoining Hangul vowels and final consonants join the preceding leading consonant.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        if isEastAsianWide(value) || properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Columns of one grapheme cluster: the width of its first scalar.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        return of(first)
    }

    /// Columns of a whole string: the sum over its grapheme clusters.
    public static func of(_ text: String) -> Int {
        if let width = printableASCIIWidth(text) { return width }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The width of printable ASCII text (one column per byte), or nil when it holds anything else: most of what a
    /// screen measures, without breaking it into grapheme clusters.
    public static func printableASCIIWidth(_ text: String) -> Int? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 &- 0x20 < 0x5F } ? bytes.count : nil
        } ?? nil
    }

    /// Columns of a run of grapheme clusters.
    public static func of<Characters: Sequence>(characters: Characters) -> Int where Characters.Element == Character {
        var total = 0
        for character in characters { total += of(character) }
        return total
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks, ascending; emoji are handled by `isEmojiPresentation`.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo leading consonants
        0x2329...0x232A,  // angle brackets
        0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // kana, Bopomofo, Hangul compatibility jamo, Kanbun, enclosed CJK, CJK compatibility
        0x3400...0x4DBF,  // CJK extension A
        0x4E00...0x9FFF,  // CJK unified ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo extended A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60,  // fullwidth ASCII variants
        0xFFE0...0xFFE6,  // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x17000...0x18CFF,  // Tangut, Khitan
        0x1B000...0x1B2FF,  // kana supplement and extensions, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK extensions B–F, compatibility supplement
        0x30000...0x3FFFD,  // CJK extensions G–H
    ]

    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        for range in wideRanges {
            if value < range.lowerBound { return false }
            if value <= range.upperBound { return true }
        }
        return false
    }
}
