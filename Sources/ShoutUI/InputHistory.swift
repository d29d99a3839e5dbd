/// Lines entered earlier, walked with ↑/↓, and saved to a file between runs.
///
/// Rules for `add`: blank lines are not stored; a line equal to the newest entry is not stored again; and, as in
/// shells, a line that starts with a space is not stored, so a user can keep a line out of the history on purpose.
/// At most `capacity` entries are kept; the oldest go first.
///
/// Walking: the first ↑ saves the line being typed as a draft; ↓ past the newest entry gives the draft back.
/// Edits made to a recalled entry are not kept when walking on.
public struct InputHistory: Equatable, Sendable {
    /// Entries kept when no capacity is given.
    public static let defaultCapacity = 1_000

    /// The most entries kept.
    public let capacity: Int
    /// The entries, oldest first.
    public private(set) var entries: [String] = []
    /// The entry being shown while walking, or nil when the user is on the draft.
    public private(set) var position: Int?
    /// The line that was being typed when the walk began.
    public private(set) var draft: String = ""

    /// An empty history holding at most `capacity` entries (at least 1).
    public init(capacity: Int = defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// A history holding `entries` (oldest first), filtered by the rules of `add`.
    public init<Lines: Sequence>(entries: Lines, capacity: Int = defaultCapacity) where Lines.Element == String {
        self.init(capacity: capacity)
        for entry in entries { add(entry) }
    }

    /// Whether ↑ has been pressed since the last `add` or `resetWalk`.
    public var isWalking: Bool { position != nil }

    /// Records a submitted line (see the rules above) and ends any walk.
    public mutating func add(_ line: String) {
        resetWalk()
        guard !line.allSatisfy(\.isWhitespace), !line.hasPrefix(" "), entries.last != line else { return }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// ↑: the entry before the one shown, saving `current` as the draft on the first step.
    /// Nil when there is nothing older (the caller keeps what is shown).
    public mutating func previous(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        guard let shown = position else {
            draft = current
            position = entries.count - 1
            return entries[entries.count - 1]
        }
        guard shown > 0 else { return nil }
        position = shown - 1
        return entries[shown - 1]
    }

    /// ↓: the entry after the one shown, or the draft after the newest. Nil when not walking.
    public mutating func next() -> String? {
        guard let shown = position else { return nil }
        if shown + 1 < entries.count {
            position = shown + 1
            return entries[shown + 1]
        }
        position = nil
        return draft
    }

    /// Ends a walk without changing the entries (forgets the draft).
    public mutating func resetWalk() {
        position = nil
        draft = ""
    }

    /// Removes every entry.
    public mutating func removeAll() {
        entries = []
        resetWalk()
    }
}
