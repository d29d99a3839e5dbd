/// The paragraph every command's help (and so the man page) ends with: where Shout keeps and writes files.
enum HelpFiles {
    /// Where the client's input history is kept, as `HistoryFile.standard` finds it.
    static let historyLocation = "$XDG_STATE_HOME/shout/history (or ~/.local/state/shout/history)"

    /// The paragraph itself.
    static let paragraph = """
        Files: the client keeps its input history in \(historyLocation); transcripts are written only where \
        you say, with shout client --transcript FILE (JSON lines) or /save FILE in the client.
        """

    /// `discussion` followed by the paragraph, for a command's configuration.
    static func discussion(_ discussion: String) -> String {
        discussion + "\n\n" + paragraph
    }
}
