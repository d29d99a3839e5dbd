extension String {
    /// Whether `other` occurs in the text, byte for byte in UTF-8: a literal search, as Foundation's `contains` made
    /// (no Unicode equivalence), without the standard library's string-processing module (and its regex parser)
    /// that `contains(_:)` on strings would otherwise link in. An empty `other` is found nowhere, as in Foundation.
    func containsLiterally(_ other: String) -> Bool {
        let needle = Array(other.utf8)
        guard let first = needle.first else { return false }
        var text = self
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            var start = 0
            while start <= bytes.count - needle.count {
                if bytes[start] == first {
                    var matched = 1
                    while matched < needle.count && bytes[start + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                start += 1
            }
            return false
        }
    }
}
