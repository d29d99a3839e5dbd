#if canImport(Glibc)
import Glibc
#endif

/// One line on standard error that says what a long command is doing and rewrites itself: shown only on a
/// terminal, cut to its width (a line the terminal wrapped could not be taken back), and cleared before anything
/// else is printed. A plain value: the task that prints owns it.
struct StatusLine {
    /// Whether it is shown at all.
    let shown: Bool

    /// Shows `text` in place of what the line said.
    func show(_ text: String) {
        guard shown else { return }
        let width = max(10, (StandardStreams.outputColumns ?? 80) - 1)
        let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        StandardStreams.writeErrorRaw("\r\u{1b}[K" + cut)
    }

    /// Takes the line away.
    func clear() {
        guard shown else { return }
        StandardStreams.writeErrorRaw("\r\u{1b}[K")
    }
}
