/// Paths that start at a home folder, as a shell writes them: `~/notes.txt`, `~ana/notes.txt`.
public enum HomePath {
    /// `path` with its leading `~` or `~name` (up to the first `/`) replaced by the folder `home` gives for it (nil:
    /// the user's own), and trailing slashes dropped; a path that does not start with `~`, or whose user has no known
    /// home, is returned as it is (but for those slashes, when it starts with `~`).
    public static func expandingTilde(_ path: String, home: (_ user: String?) -> String?) -> String {
        guard path.hasPrefix("~") else { return path }
        let end = path.firstIndex(of: "/") ?? path.endIndex
        let name = String(path[path.index(after: path.startIndex)..<end])
        var expanded = path
        if let folder = home(name.isEmpty ? nil : name) {
            expanded.replaceSubrange(path.startIndex..<end, with: folder)
        }
        while expanded.count > 1, expanded.hasSuffix("/") { expanded.removeLast() }
        return expanded
    }
}
