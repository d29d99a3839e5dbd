/// A class list for `shout check --targets-file`: one target a line; `#` starts a comment, blank lines are skipped.
public enum CheckTargetList {
    /// The targets of `text`, each with its line number (from 1) for an error message.
    public static func parse(_ text: String) -> [(line: Int, target: String)] {
        var targets: [(line: Int, target: String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.prefix { $0 != "#" }
            let target = String(content).trimmingWhitespace()
            if !target.isEmpty { targets.append((index + 1, target)) }
        }
        return targets
    }
}
