/// Scalars that are each a grapheme cluster of their own whatever surrounds them, one column wide, and safe to
/// show as they are: printable ASCII, Latin-1's printable letters and signs, general punctuation (dashes, quotes,
/// `…`, `·`'s kin), arrows, mathematical operators, box drawing, block elements, and the check marks. Text made only
/// of these is written one cell per scalar, without breaking it into clusters or looking up Unicode properties.
///
/// None is a mark, a format or control character, a separator, or wide (`StandaloneScalarsTests` checks every one
/// against ``DisplayWidth`` and the buffer's escaping), so no two of them ever join into one cluster.
enum StandaloneScalars {
    /// The ranges, in order.
    static let ranges: [ClosedRange<UInt32>] = [
        0x20...0x7E,  // printable ASCII
        0xA0...0xAC, 0xAE...0xFF,  // Latin-1, without the soft hyphen (a format character)
        0x2010...0x2027,  // dashes, quotes, bullets, the ellipsis
        0x2190...0x21FF,  // arrows
        0x2200...0x22FF,  // mathematical operators
        0x2500...0x259F,  // box drawing, block elements
        0x2713...0x2718,  // check marks and crosses
    ]

    /// Whether `scalar` is one of them.
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x20 && value < 0x7F }
        return ranges.contains { $0.contains(value) }
    }
}
