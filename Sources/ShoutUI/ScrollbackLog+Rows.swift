import ShoutCore

extension ScrollbackLog {
    /// Moves the view `delta` rows of a log whose lines take `rows(line)` rows each (at least 1): negative towards
    /// older rows, positive towards newer ones. The view never goes above the oldest line's first row at its top,
    /// and only the lines it passes are measured, so a long log costs no more than a short one.
    public mutating func scroll(byRows delta: Int, height: Int, rows: (Line) -> Int) {
        let height = max(1, height)
        if delta < 0 {
            moveUp(-delta, rows: rows)
            let above = rowsAtOrAboveBottomEdge(upTo: height, rows: rows)
            if above < height { moveDown(height - above, rows: rows) }
        } else if delta > 0 {
            moveDown(delta, rows: rows)
        }
        newBelow = min(newBelow, offset)
    }

    /// One page of rows towards older ones (keeping one row of context).
    public mutating func pageUp(height: Int, rows: (Line) -> Int) {
        scroll(byRows: -max(1, height - 1), height: height, rows: rows)
    }

    /// One page of rows towards newer ones.
    public mutating func pageDown(height: Int, rows: (Line) -> Int) {
        scroll(byRows: max(1, height - 1), height: height, rows: rows)
    }

    /// The view shows the oldest line's first row at its top (or follows the bottom when everything fits).
    public mutating func home(height: Int, rows: (Line) -> Int) {
        let height = max(1, height)
        var total = 0
        for index in 0..<count {
            total += max(1, rows(self[index]))
            if total >= height {
                offset = count - 1 - index
                cutRows = total - height
                newBelow = min(newBelow, offset)
                return
            }
        }
        end()
    }

    /// Rows from the view's bottom edge upwards, counting no further than `limit`.
    func rowsAtOrAboveBottomEdge(upTo limit: Int, rows: (Line) -> Int) -> Int {
        var total = 0
        var index = count - 1 - offset
        var cut = cutRows
        while index >= 0, total < limit {
            total += max(1, rows(self[index])) - cut
            cut = 0
            index -= 1
        }
        return total
    }

    private mutating func moveUp(_ distance: Int, rows: (Line) -> Int) {
        var left = distance
        while left > 0, offset < count {
            let shown = max(1, rows(self[count - 1 - offset])) - cutRows
            if left < shown {
                cutRows += left
                return
            }
            left -= shown
            offset += 1
            cutRows = 0
        }
    }

    private mutating func moveDown(_ distance: Int, rows: (Line) -> Int) {
        var left = distance
        while left > 0 {
            if cutRows >= left {
                cutRows -= left
                return
            }
            left -= cutRows
            cutRows = 0
            guard offset > 0 else { return }
            offset -= 1
            cutRows = max(1, rows(self[count - 1 - offset]))
        }
        if offset < count, cutRows >= max(1, rows(self[count - 1 - offset])) {
            offset += 1
            cutRows = 0
        }
    }
}
