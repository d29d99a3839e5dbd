extension ServerScreenState {
    /// The lines a traffic pane shows in `height` rows: with a filter, the lines that pass it, ending where the
    /// unfiltered view would end (so scrolling still moves the view); marks always show. Never counts.
    public func visibleLines(_ pane: ServerPane, height: Int) -> [TrafficLine] {
        let log = pane == .replies ? replies : received
        guard !filter.isEmpty else { return log.visible(height: height) }
        guard height > 0 else { return [] }
        var shown: [TrafficLine] = []
        var index = log.count - 1 - min(log.offset, max(0, log.count - height))
        while index >= 0, shown.count < height {
            if log[index].matches(filter: filter) { shown.append(log[index]) }
            index -= 1
        }
        return shown.reversed()
    }

    /// How many lines of the Received and Replies panes the filter hides (0 without a filter).
    public var hiddenByFilter: Int {
        guard !filter.isEmpty else { return 0 }
        var hidden = 0
        for log in [received, replies] {
            for index in 0..<log.count where !log[index].matches(filter: filter) { hidden += 1 }
        }
        return hidden
    }
}
