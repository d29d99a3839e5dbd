extension Array where Element == UInt8 {
    /// Whether `part` occurs in it, anywhere.
    func contains<Part: Collection>(subsequence part: Part) -> Bool where Part.Element == UInt8 {
        let needle = Array(part)
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
