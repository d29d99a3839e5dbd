import FoundationEssentials
import ShoutCore

/// The one-line prompts of the server screen's footer.
public enum ServerPrompt: Sendable, Equatable {
    /// `m`: the label of a mark.
    case mark
    /// `/`: the filter on the Received and Replies panes (applied as it is typed).
    case filter
}

extension ServerScreenState {
    /// Longest mark label kept, in characters.
    static let markLabelLimit = 60

    /// Opens `prompt` with `text` in it.
    mutating func openPrompt(_ prompt: ServerPrompt, text: String) {
        self.prompt = prompt
        promptEditor = LineEditor(text: text)
    }

    /// A key while a prompt is open: Enter confirms, Esc cancels (and clears the filter), Ctrl-C still quits, the
    /// rest edits the line; the filter follows the line as it is typed.
    mutating func handlePrompt(_ key: Key) -> [ServerScreenEffect] {
        defer { setNeedsRender() }
        switch key {
        case .control("c"):
            return [.quit]
        case .escape:
            if prompt == .filter { filter = "" }
            prompt = nil
        case .enter:
            var effects: [ServerScreenEffect] = []
            if prompt == .mark { effects.append(.marked(addMark(promptEditor.text))) }
            if prompt == .filter { filter = Self.normalizedFilter(promptEditor.text) }
            prompt = nil
            return effects
        default:
            _ = promptEditor.apply(key)
            if prompt == .filter { filter = Self.normalizedFilter(promptEditor.text) }
        }
        return []
    }

    /// Puts a divider into both traffic panes: `── mark 2: now over TCP ──`; returns the label as kept.
    @discardableResult
    mutating func addMark(_ label: String) -> String {
        markCount += 1
        let trimmed = String(label.trimmingSpaces().prefix(Self.markLabelLimit))
        lastMarkLabel = trimmed
        let line = TrafficLine.mark(markCount, label: trimmed, time: now)
        addReceived(line)
        addReply(line)
        setNeedsRender()
        return trimmed
    }

    /// Sets the impairments shown and asks the program to apply them.
    mutating func changeImpairments(to settings: Impairments) -> [ServerScreenEffect] {
        apply(.impairments(settings))
        return [.setImpairments(settings)]
    }

    /// The text a mark shows: `mark 2: now over TCP`, or `mark 2` without a label.
    public static func markText(_ number: Int, label: String) -> String {
        "mark \(number)" + (label.isEmpty ? "" : ": " + label)
    }

    private static func normalizedFilter(_ text: String) -> String {
        text.trimmingSpaces().lowercased()
    }
}

extension String {
    /// The text without the spaces and tabs at either end: the scalars of Unicode's space separators (`Zs`: the
    /// space, the no-break space, the ideographic space, …) and the tab, as Foundation's `.whitespaces` counts them.
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
