import ShoutCore

extension ClientScreenState {
    /// Paints the screen into `area` of `buffer`: a border whose top edge is the status bar, the transcript, a
    /// separator and the input line. When `focused`, the terminal cursor is put on the input line's cursor cell.
    /// Any size works: small areas drop the border, the separator and then the transcript.
    public func render(into buffer: inout ScreenBuffer, area: Rect, focused: Bool, ascii: Bool) {
        let area = area.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let box = BoxDrawing.choose(useASCII: ascii)
        let inputRow: Rect
        if area.height >= 3, area.width >= 4 {
            let inner = area.inset(by: 1)
            let (title, right) = statusBar(innerWidth: area.width - 2, ascii: ascii)
            box.drawBox(
                area,
                title: title,
                rightTitle: right,
                style: .role(.muted),
                titleStyle: CellStyle(role: .accent, bold: true),
                into: &buffer
            )
            let split = inner.sliceBottom(1)
            inputRow = split.bottom
            if split.remainder.height >= 2 {
                let transcriptArea = split.remainder.inset(bottom: 1).inset(left: 1, right: 1)
                let shown = renderTranscript(into: &buffer, area: transcriptArea, ascii: ascii)
                drawSeparator(
                    box,
                    y: inputRow.y - 1,
                    in: area,
                    moreAbove: shown.moreAbove,
                    showsUDPLoss: shown.showsUDPLoss,
                    ascii: ascii,
                    into: &buffer
                )
            } else {
                renderTranscript(into: &buffer, area: split.remainder.inset(left: 1, right: 1), ascii: ascii)
            }
        } else {
            let split = area.sliceBottom(1)
            inputRow = split.bottom
            if split.remainder.height >= 1 {
                buffer.put(
                    statusTitle(width: area.width, ascii: ascii).title,
                    x: area.x,
                    y: area.y,
                    style: CellStyle(role: .accent, bold: true),
                    maxWidth: area.width
                )
            }
        }
        let padded = inputRow.width > 4 ? inputRow.inset(left: 1, right: 1) : inputRow
        renderInput(into: &buffer, row: padded, focused: focused)
    }

    /// The rule above the input line: `↑ more above · PgUp` on the left while older rows are above the view, and on
    /// the right, while the reader is scrolled up, what is below it; else, while a UDP loss is in view, the lesson
    /// its sentence leaves out (`UDP gives no guarantee of delivery`), said once for the screen.
    private func drawSeparator(
        _ box: BoxDrawing,
        y: Int,
        in area: Rect,
        moreAbove: Bool,
        showsUDPLoss: Bool,
        ascii: Bool,
        into buffer: inout ScreenBuffer
    ) {
        var below: String?
        if !transcript.isAtBottom {
            let arrow = ascii ? "v" : "↓"
            below =
                transcript.newBelow > 0
                ? "\(arrow) \(transcript.newBelow) new\(ascii ? " | " : " · ")End"
                : "\(arrow) more below\(ascii ? " | " : " · ")End"
        } else if showsUDPLoss {
            // Room for it beside the shortest "more above" marker (a rule piece and a space either side of each).
            let room = area.width - 5 - (moreAbove ? 4 + 1 : 0) - 4
            below = Self.udpLessons.first { DisplayWidth.of($0) <= room }
        }
        // The fullest marker that fits whole beside the right one (a rule piece and a space either side of each).
        let arrow = ascii ? "^" : "↑"
        let room = area.width - 5 - (below.map { DisplayWidth.of($0) + 4 } ?? 0)
        let above =
            moreAbove
            ? [arrow + " more above" + (ascii ? " | " : " · ") + "PgUp", arrow + " more above", arrow]
                .first { DisplayWidth.of($0) <= room } ?? arrow
            : nil
        box.drawSeparator(
            y: y,
            in: area,
            title: above,
            rightTitle: below,
            style: .role(.muted),
            titleStyle: .role(.warn),
            into: &buffer
        )
    }

    /// The UDP lesson under the transcript, fullest first.
    static let udpLessons = [
        "UDP gives no guarantee of delivery", "UDP: no guarantee of delivery", "UDP: no guarantee",
    ]

    /// Rows of the transcript in an area laid out like `render`'s.
    static func transcriptHeight(for area: Rect) -> Int {
        guard area.height >= 3, area.width >= 4 else { return 0 }
        let inner = area.height - 2 - 1
        return inner >= 2 ? inner - 1 : inner
    }

    /// Columns of the transcript in an area laid out like `render`'s (inside the border and a margin each side).
    static func transcriptWidth(for area: Rect) -> Int {
        guard area.height >= 3, area.width >= 4 else { return max(0, area.width) }
        return max(0, area.width - 4)
    }

    /// The status bar for a top border `innerWidth` columns wide: the fullest status that fits beside a key hint
    /// (`F2 UDP/TCP`, or just `F2` when that lets more of the status show).
    func statusBar(innerWidth: Int, ascii: Bool) -> (title: String, hint: String?) {
        var best: (title: String, hint: String?, rank: Int)?
        for hint in ["F2 UDP/TCP", "F2"] {
            // BoxDrawing puts a space either side of each title and a rule piece after the right one.
            let hintWidth = DisplayWidth.of(hint) + 2
            let room = innerWidth - 2 - hintWidth - 2
            guard room >= 10 else { continue }
            let (title, rank) = statusTitle(width: room, ascii: ascii)
            if let current = best, current.rank <= rank { continue }
            best = (title, hint, rank)
        }
        if let best { return (best.title, best.hint) }
        return (statusTitle(width: max(0, innerWidth - 2), ascii: ascii).title, nil)
    }

    /// The status text that fits `width` columns: the fullest form that fits (its rank: 0 is the fullest), cut if
    /// even the shortest does not. While the socket is open, the fullest forms show its own address before the
    /// server's and, for TCP, the handshake time, for UDP "no connection"; they are the first to go when the bar is
    /// narrow (only the program's name goes before them). Over TCP, once the kernel has been asked, the kernel's RTT
    /// and retransmissions follow the counts (`kernel rtt 42 µs · retrans 0`): the own address goes before them, then
    /// the last RTT, the retransmissions and the word "connected" (the kernel's figures say it is); the counts of
    /// sent, replies and lost stay longest, as without them.
    public func statusTitle(width: Int, ascii: Bool) -> (title: String, rank: Int) {
        let dash = ascii ? " - " : " ─ "
        let dot = ascii ? ", " : " · "
        let arrow = ascii ? "->" : "→"
        let state = connectionState(of: transport)
        let server = transport.label + " " + arrow + " " + self.server.description + " " + state
        let number = NumberText.grouped
        let counters = "sent \(number(sentCount))\(dot)replies \(number(replyCount))\(dot)lost \(number(lostCount))"
        let rtt = lastRTT.map { "\(dot)rtt \(DurationText.format($0))" } ?? ""
        // Narrower, the replies go first: what was sent and what was lost still read as words.
        let brief = "sent \(number(sentCount))\(dot)lost \(number(lostCount))"
        var candidates: [String] = []
        // The kernel's RTT and retransmissions over TCP, before the connection's own end goes.
        if transport == .tcp, let kernel = session.tcpKernelView {
            let figures = kernel.figures(ascii: ascii)
            let all = dot + "kernel " + figures.joined(separator: dot)
            if let socket = socketStatus(arrow: arrow, dot: dot) {
                candidates += [
                    "shout client" + dash + socket + dash + counters + rtt + all, socket + dash + counters + rtt + all,
                ]
            }
            let bare = transport.label + " " + arrow + " " + self.server.description
            candidates += [
                server + dash + counters + rtt + all, server + dash + counters + all,
                server + dash + counters + dot + "kernel " + figures[0],
                bare + dash + counters + dot + "kernel " + figures[0],
            ]
        }
        if let socket = socketStatus(arrow: arrow, dot: dot) {
            candidates += [
                "shout client" + dash + socket + dash + counters + rtt,
                socket + dash + counters + rtt,
            ]
        }
        candidates += [
            "shout client" + dash + server + dash + counters + rtt,
            server + dash + counters + rtt,
            server + dash + counters,
            server + dash + brief,
            server,
            transport.label + " " + state,
        ]
        for (rank, candidate) in candidates.enumerated() where DisplayWidth.of(candidate) <= width {
            return (candidate, rank)
        }
        let last = candidates[candidates.count - 1]
        return (TextWrap.truncate(last, width: width, ellipsis: ascii ? "~" : "…"), candidates.count)
    }

    /// The open socket from its own end to the server's: `TCP 127.0.0.1:50000 → 127.0.0.1:12000 · handshake 0.3 ms`,
    /// `UDP 127.0.0.1:50000 → 127.0.0.1:12000 · no connection` (with the state when there is trouble, such as
    /// `port unreachable`); nil while the socket of the current transport is not open.
    func socketStatus(arrow: String, dot: String) -> String? {
        guard let slot = session.slots[transport], slot.phase == .open, let local = slot.local else { return nil }
        let how: String
        switch transport {
        case .tcp: how = slot.setup.map { "handshake " + DurationText.format($0) } ?? "connected"
        case .udp: how = "no connection"
        }
        let problem = session.trouble[transport].map { " " + $0 } ?? ""
        return transport.label + " " + local.description + " " + arrow + " " + server.description + problem + dot + how
    }

    /// Draws the transcript's visible rows; returns whether older rows are above them and whether a UDP loss is
    /// among them.
    @discardableResult
    private func renderTranscript(
        into buffer: inout ScreenBuffer,
        area: Rect,
        ascii: Bool
    ) -> (moreAbove: Bool, showsUDPLoss: Bool) {
        guard !area.isEmpty else { return (false, false) }
        let layout = TranscriptLayout(width: area.width, ascii: ascii)
        let view = layout.view(of: transcript, height: area.height)
        for (row, pieces) in view.rows.enumerated() {
            for piece in pieces {
                buffer.put(
                    piece.text,
                    x: area.x + piece.x,
                    y: area.y + row,
                    style: piece.style,
                    maxWidth: area.width - piece.x
                )
            }
        }
        return (view.moreAbove, view.showsUDPLoss)
    }

    private func renderInput(into buffer: inout ScreenBuffer, row: Rect, focused: Bool) {
        guard !row.isEmpty else { return }
        let prompt = transport.rawValue + "> "
        let promptWidth = row.width > DisplayWidth.of(prompt) + 4 ? DisplayWidth.of(prompt) : 0
        if promptWidth > 0 {
            buffer.put(prompt, x: row.x, y: row.y, style: CellStyle(role: .accent, bold: true), maxWidth: promptWidth)
        }
        let field = row.inset(left: promptWidth)
        guard !field.isEmpty else { return }
        let slice = editor.visibleSlice(width: field.width)
        buffer.put(slice.text, x: field.x, y: field.y, maxWidth: field.width)
        if focused { buffer.cursor = (min(field.x + slice.cursorX, field.maxX - 1), field.y) }
    }
}
