import FoundationEssentials
import ShoutCore

extension ServerScreenState {
    /// Adds the capture's records to the Wire pane (held while paused), after a note of the packets it left out.
    mutating func applyWire(_ records: [WireRecord], missed: Int) {
        guard !records.isEmpty || missed > 0 else { return }
        if missed > 0 {
            let text = "at least \(NumberText.grouped(missed)) packets not shown: the capture could not keep up"
            addWire(WireLine(time: records.first?.time ?? now, kind: .note, text: text))
        }
        for record in records { addWire(WireLine(record)) }
        setNeedsRender()
    }

    private mutating func addWire(_ line: WireLine) {
        if isPaused { waitingWire.append(line) } else { wire.append(line) }
    }

    /// The Wire pane's lines that fit `height` rows where its reader looks, the filter applied.
    public func visibleWireLines(height: Int) -> [WireLine] {
        guard !filter.isEmpty else { return wire.visible(height: height) }
        guard height > 0 else { return [] }
        var shown: [WireLine] = []
        var index = wire.count - 1 - min(wire.offset, max(0, wire.count - height))
        while index >= 0, shown.count < height {
            if wire[index].matches(filter: filter) { shown.append(wire[index]) }
            index -= 1
        }
        return shown.reversed()
    }
}
