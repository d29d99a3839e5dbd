/// How a cell is drawn: a semantic colour role plus text attributes.
///
/// Screens pick roles (what the text means), never concrete colours; the terminal backend maps each role to a colour
/// pair, or to nothing when colour is off (`NO_COLOR`, or a terminal without colours).
public struct CellStyle: Hashable, Sendable {
    /// What a piece of text means, which the backend turns into a colour.
    public enum Role: Int, Hashable, Sendable, CaseIterable {
        /// The terminal's default colours.
        case normal
        /// Titles, prompts, the focused pane.
        case accent
        /// Success: a reply arrived, a connection opened.
        case good
        /// Failure: a lost reply, an error.
        case bad
        /// Something to notice: a late or duplicate reply, an impairment.
        case warn
        /// Secondary text: times, hints, separators.
        case muted
    }

    /// The colour role.
    public var role: Role
    /// Bold (bright) text.
    public var bold: Bool
    /// Dim text.
    public var dim: Bool
    /// Swapped foreground and background.
    public var reverse: Bool
    /// Underlined text.
    public var underline: Bool

    /// A style; every attribute is off unless given.
    public init(
        role: Role = .normal,
        bold: Bool = false,
        dim: Bool = false,
        reverse: Bool = false,
        underline: Bool = false
    ) {
        self.role = role
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// No colour, no attributes.
    public static let plain = CellStyle()

    /// The same style with another role.
    public func with(role: Role) -> CellStyle {
        var copy = self
        copy.role = role
        return copy
    }

    /// A plain style of the given role.
    public static func role(_ role: Role) -> CellStyle { CellStyle(role: role) }
}
