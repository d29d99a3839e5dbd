/// Lays transcript entries out in rows of a given width: time, marker, the text wrapped by display width, and the
/// transport and round-trip time in a right-hand column. Narrow widths drop the time and put the detail inline.
public struct TranscriptLayout: Sendable {
    /// One piece of text in a row.
    public struct Piece: Sendable, Equatable {
        /// Column, from the left edge of the transcript.
        public var x: Int
        /// The text (already safe to show).
        public var text: String
        /// How it is drawn.
        public var style: CellStyle
    }

    /// Width of the `HH:MM:SS  ` column.
    static let timeColumn = 10
    /// Width of the right-hand `tcp  1234 ms` column.
    static let detailColumn = 13

    /// The transcript's width in columns.
    public let width: Int
    /// Whether markers are drawn in ASCII.
    public let ascii: Bool

    public init(width: Int, ascii: Bool) {
        self.width = max(0, width)
        self.ascii = ascii
    }

    private var showsTime: Bool { width >= 40 }
    private var showsDetailColumn: Bool { width >= 50 }

    /// What a UDP loss's sentence ends with: the lesson, said once under the transcript (see ``view(of:height:)``)
    /// rather than on every loss.
    static let udpLesson = " (UDP gives no guarantee of delivery)"

    /// Whether `entry` is a loss whose sentence ends with the UDP lesson.
    static func teachesUDP(_ entry: TranscriptEntry) -> Bool {
        entry.kind == .problem && entry.transport == .udp && entry.text.hasSuffix(udpLesson)
    }

    /// The rows of one entry (at least one); a UDP loss without the lesson at its end.
    public func rows(for entry: TranscriptEntry) -> [[Piece]] {
        guard Self.teachesUDP(entry) else { return rows(laidOut: entry) }
        var shorter = entry
        shorter.text.removeLast(Self.udpLesson.count)
        return rows(laidOut: shorter)
    }

    private func rows(laidOut entry: TranscriptEntry) -> [[Piece]] {
        guard width > 0 else { return [[]] }
        let style = Self.style(of: entry.kind)
        let left = showsTime ? Self.timeColumn : 0
        let marker = entry.marker(ascii: ascii) + " "
        let textX = left + DisplayWidth.of(marker)
        // A packet's line has no detail: it takes the column too, so most fit on one row.
        let detailWidth = showsDetailColumn && entry.kind != .segment ? Self.detailColumn + 1 : 0
        let textWidth = width - textX - detailWidth
        var text = entry.text
        if !showsDetailColumn, !entry.detail.isEmpty { text += "  " + entry.detail }
        guard textWidth > 0 else {
            return [[Piece(x: 0, text: TextWrap.truncate(marker + text, width: width), style: style)]]
        }
        var lines = TextWrap.wrap(text, width: textWidth)
        if entry.kind == .mark, lines.count == 1 {
            // A divider: the rule goes on to the right edge, so a mark stands out from the lines around it.
            let rule = ascii ? "-" : "─"
            let room = width - textX - DisplayWidth.of(lines[0]) - 1
            if room >= 2 { lines[0] += " " + String(repeating: rule, count: room) }
        }
        // A payload (a line sent, a reply) has its tag on its first row, beside the text it belongs to; a sentence
        // (a loss, a note) has it after its last word, so the tag never reads as part of the sentence.
        let detailRow = entry.kind == .problem || entry.kind == .note ? max(0, lines.count - 1) : 0
        var rows: [[Piece]] = []
        for (index, line) in lines.enumerated() {
            var row: [Piece] = []
            if index == 0 {
                if showsTime { row.append(Piece(x: 0, text: entry.time, style: .role(.muted))) }
                row.append(Piece(x: left, text: marker, style: style))
            }
            row.append(Piece(x: textX, text: line, style: style))
            if index == detailRow, showsDetailColumn, !entry.detail.isEmpty {
                row.append(Piece(x: width - Self.detailColumn, text: entry.detail, style: .role(.muted)))
            }
            rows.append(row)
        }
        return rows.isEmpty ? [[]] : rows
    }

    /// The colour of an entry's marker and text.
    static func style(of kind: TranscriptEntry.Kind) -> CellStyle {
        switch kind {
        case .sent: .plain
        case .reply: .role(.good)
        case .oddReply: .role(.warn)
        case .problem: .role(.bad)
        case .note: .role(.muted)
        case .mark: CellStyle(role: .accent, bold: true)
        // Dimmed, below the notes: what the kernel put on the wire for the lines around it.
        case .segment: CellStyle(role: .muted, dim: true)
        }
    }

    /// The rows to show in a view `height` rows tall of `log`, whose view is scrolled by rows (`ScrollbackLog+Rows`).
    public func visibleRows(of log: ScrollbackLog<TranscriptEntry>, height: Int) -> [[Piece]] {
        view(of: log, height: height).rows
    }

    /// The rows of `log` in a view `height` rows tall, whether older rows are above it, and whether a UDP loss is
    /// among them (its sentence without the lesson, which the screen then says once). The view's bottom edge is
    /// `log.cutRows` rows into the newest entry not wholly below it. When the rows above do not fill the view (the
    /// width grew since the reader scrolled), it shows the oldest ones.
    public func view(
        of log: ScrollbackLog<TranscriptEntry>,
        height: Int
    ) -> (rows: [[Piece]], moreAbove: Bool, showsUDPLoss: Bool) {
        guard height > 0, log.count > 0 else { return ([], false, false) }
        let end = log.count - min(log.offset, log.count)
        var chunks: [[[Piece]]] = []
        var total = 0
        var index = end - 1
        var cut = log.cutRows
        var showsUDPLoss = false
        while index >= 0, total < height {
            var rows = rows(for: log[index])
            rows.removeLast(min(cut, rows.count - 1))
            cut = 0
            // Its last row at least is in view.
            if Self.teachesUDP(log[index]), total < height { showsUDPLoss = true }
            chunks.append(rows)
            total += rows.count
            index -= 1
        }
        if total < height, end < log.count || log.cutRows > 0 {
            var forward: [[Piece]] = []
            var next = 0
            showsUDPLoss = false
            while next < log.count, forward.count <= height {
                if Self.teachesUDP(log[next]), forward.count < height { showsUDPLoss = true }
                forward += rows(for: log[next])
                next += 1
            }
            return (Array(forward.prefix(height)), false, showsUDPLoss)
        }
        return (Array(chunks.reversed().joined().suffix(height)), index >= 0 || total > height, showsUDPLoss)
    }

    /// How many rows an entry takes.
    public func rowCount(of entry: TranscriptEntry) -> Int { rows(for: entry).count }
}
