import FoundationEssentials
import ShoutCore

extension ServerScreenRenderer {
    /// Draws the lines of one pane into `rect` (its inside, without borders).
    ///
    /// `trafficLevel` is the traffic panes' detail level when the caller has worked it out for the frame (it is the
    /// same for both panes); nil works it out here.
    static func drawPane(
        _ context: Context,
        pane: ServerPane,
        rect paneRect: Rect,
        trafficLevel: Int? = nil,
        into buffer: inout ScreenBuffer
    ) {
        // A column of air either side of the text, when the pane can spare it.
        let rect = paneRect.width >= 12 ? paneRect.inset(left: 1, right: 1) : paneRect
        guard !rect.isEmpty else { return }
        let state = context.state
        switch pane {
        case .peers:
            let rows = state.shownPeers.rows
            guard !rows.isEmpty else {
                drawEmpty("no peers yet", rect: rect, context: context, into: &buffer)
                return
            }
            let offset = min(state.peerOffset, max(0, rows.count - rect.height))
            let shown = rows.dropFirst(offset).prefix(rect.height)
            let columns = shown.map {
                peerColumns(
                    $0,
                    now: state.shownPeersTime,
                    dot: ServerScreenText.dot(context.ascii),
                    ascii: context.ascii
                )
            }
            // Connections and UDP senders are two tables (a four-tuple is much wider than a sender's address);
            // listening sockets are one phrase each.
            let tcpWidths = columnWidths(zip(shown, columns).filter { if case .tcp = $0.0 { true } else { false } })
            let udpWidths = columnWidths(zip(shown, columns).filter { if case .udp = $0.0 { true } else { false } })
            for (index, row) in shown.enumerated() {
                let parts = columns[index]
                let widths = { if case .tcp = row { tcpWidths } else { udpWidths } }()
                var text = (0..<3).map { pad(parts[$0], widths[$0]) }.joined(separator: "  ") + "  " + parts[3]
                if case .listening = row { text = parts.filter { !$0.isEmpty }.joined(separator: "  ") }
                let style: CellStyle = isClosed(row) ? .role(.muted) : .plain
                buffer.put(
                    TextWrap.truncate(text, width: rect.width, ellipsis: context.box.ellipsis),
                    x: rect.x,
                    y: rect.y + index,
                    style: style,
                    maxWidth: rect.width
                )
            }
        case .received, .replies:
            let log = pane == .received ? state.received : state.replies
            let lines = state.visibleLines(pane, height: paneRect.height)
            guard !lines.isEmpty else {
                let waiting =
                    log.count > 0
                    ? "no line matches the filter (Esc clears it)"
                    : state.isPaused ? "paused" : "waiting for traffic"
                drawEmpty(waiting, rect: rect, context: context, into: &buffer)
                return
            }
            let level = trafficLevel ?? trafficDetail(context)
            for (index, line) in lines.enumerated() {
                drawTraffic(
                    line,
                    level: level,
                    context: context,
                    x: rect.x,
                    y: rect.y + index,
                    width: rect.width,
                    into: &buffer
                )
            }
        }
    }

    /// How much of a traffic line's prefix fits: 0 is everything (time, peer, size), each step leaves out more (the
    /// time, then the size, then the peer's host, then the port), so the text keeps ``textRoom(_:)`` columns.
    static let trafficDetailLevels = 0...4

    /// The most detailed level at which every visible line of both traffic panes keeps room for its text; one level
    /// for both panes, so the two read alike.
    static func trafficDetail(_ context: Context) -> Int {
        let state = context.state
        var level = trafficDetailLevels.lowerBound
        for pane in [ServerPane.received, .replies] {
            let rect = context.layout.rect(of: pane)
            let width = rect.width >= 12 ? rect.width - 2 : rect.width
            for line in state.visibleLines(pane, height: rect.height) where !line.isMark {
                guard level < trafficDetailLevels.upperBound else { return level }
                // The DROPPED mark is left out: it costs its own line some text, not every line its time.
                var plain = line
                if case .dropped = line.kind { plain.kind = .received }
                // Each level's prefix is the level-0 pieces less some: measure the pieces once.
                let pieces = trafficPrefix(plain, level: 0, ascii: context.ascii).map { DisplayWidth.of($0.0) }
                while level < trafficDetailLevels.upperBound,
                    prefixWidth(plain, pieceWidths: pieces, level: level, ascii: context.ascii) + textRoom(width)
                        > width
                {
                    level += 1
                }
            }
        }
        return level
    }

    /// The width of ``trafficPrefix(_:level:ascii:)`` at `level`, from the widths of its level-0 pieces (time, peer,
    /// size for a traffic line; the time alone for a note).
    static func prefixWidth(_ line: TrafficLine, pieceWidths: [Int], level: Int, ascii: Bool) -> Int {
        guard pieceWidths.count >= 3 else { return pieceWidths.reduce(0, +) }
        switch level {
        case ...0: return pieceWidths[0] + pieceWidths[1] + pieceWidths[2]
        case 1: return pieceWidths[1] + pieceWidths[2]
        case 2: return pieceWidths[1]
        default:
            return DisplayWidth.of(trafficPrefix(line, level: level, ascii: ascii).map(\.0).joined())
        }
    }

    /// The columns a traffic line keeps for its text: a third of a narrow pane, a quarter of a wide one.
    static func textRoom(_ width: Int) -> Int { width >= 48 ? width / 4 : max(10, width / 3) }

    /// The pieces before a traffic line's text, with their styles.
    static func trafficPrefix(_ line: TrafficLine, level: Int, ascii: Bool) -> [(String, CellStyle)] {
        switch line.kind {
        case .note, .mark: return [(Timestamp.clock(line.time) + " ", .role(.muted))]
        case .received, .replied, .dropped: break
        }
        var style = CellStyle.plain
        var mark: [(String, CellStyle)] = []
        if case .dropped(let reason) = line.kind {
            style = .role(.warn)
            mark = [(reason.rawValue.uppercased() + " ", CellStyle(role: .warn, bold: true))]
        }
        let transport = line.transport.rawValue + " " + (line.kind == .replied ? (ascii ? "-> " : "→ ") : "")
        let time = (Timestamp.clock(line.time) + " ", CellStyle.role(.muted))
        let peer = (transport + VisibleText.escape(line.peer.description) + "  ", style)
        let size = (ServerScreenText.size(line.size) + "  ", style)
        switch level {
        case ...0: return [time, peer, size] + mark
        case 1: return [peer, size] + mark
        case 2: return [peer] + mark
        case 3: return [(transport + ":\(line.peer.port)  ", style)] + mark
        default: return [(transport, style)] + mark
        }
    }

    /// One traffic line: `14:02:21 udp 192.168.1.44:60211  6 B  straße`, or with `→` before the peer for a reply,
    /// its prefix cut to `level` (see ``trafficDetail(_:)``), its text escaped and cut to the pane with an ellipsis.
    static func drawTraffic(
        _ line: TrafficLine,
        level: Int,
        context: Context,
        x: Int,
        y: Int,
        width: Int,
        into buffer: inout ScreenBuffer
    ) {
        if case .mark(let number, let label) = line.kind {
            drawMark(
                ServerScreenState.markText(number, label: VisibleText.escape(label)),
                context: context,
                x: x,
                y: y,
                width: width,
                into: &buffer
            )
            return
        }
        var used = 0
        for (text, style) in trafficPrefix(line, level: level, ascii: context.ascii) {
            used += buffer.put(text, x: x + used, y: y, style: style, maxWidth: width - used)
        }
        let room = width - used
        guard room > 0 else { return }
        var payload: String
        var style = CellStyle.plain
        switch line.kind {
        case .note(let note):
            payload = VisibleText.escape(note)
            style = .role(.warn)
        case .dropped:
            payload = line.payloadText(hex: context.state.showsHex)
            style = .role(.warn)
        case .received, .replied, .mark:
            payload = line.payloadText(hex: context.state.showsHex)
        }
        if line.isCut { payload += context.box.ellipsis }
        let text = TextWrap.truncate(payload, width: room, ellipsis: context.box.ellipsis)
        buffer.put(text, x: x + used, y: y, style: style, maxWidth: room)
    }

    /// A mark across the pane: `── mark 2: now over TCP ─────`, bold so it reads as a divider in monochrome too.
    static func drawMark(
        _ text: String,
        context: Context,
        x: Int,
        y: Int,
        width: Int,
        into buffer: inout ScreenBuffer
    ) {
        let rule = context.ascii ? "-" : "─"
        let head = rule + rule + " " + text + " "
        let written = buffer.put(
            TextWrap.truncate(head, width: width, ellipsis: context.box.ellipsis),
            x: x,
            y: y,
            style: CellStyle(role: .accent, bold: true),
            maxWidth: width
        )
        if written < width {
            buffer.put(
                String(repeating: rule, count: width - written),
                x: x + written,
                y: y,
                style: CellStyle(role: .accent, bold: true),
                maxWidth: width - written
            )
        }
    }

    /// The columns of a Peers row, `tcp 192.168.1.31:51522`, `connected 00:01:02`, `in 14 · out 14`,
    /// `last 2 s ago`, padded into a table by the caller.
    static func peerColumns(_ row: PeerRow, now: Date, dot: String, ascii: Bool = false) -> [String] {
        let state: String
        let counts: String
        let last: Date
        switch row {
        case .listening(let listener):
            let address = VisibleText.escape(listener.endpoint.description)
            return listener.transport == .tcp
                ? ["tcp welcoming socket " + address, "listening", "", ""]
                : ["udp socket " + address, "shared by every sender", "", ""]
        case .tcp(let connection):
            if connection.closedAt != nil {
                state = "closed" + (connection.closeReason.map { ": " + VisibleText.escape($0) } ?? "")
            } else {
                state = "connected " + Timestamp.duration(seconds: Int(now.timeIntervalSince(connection.connectedAt)))
            }
            counts =
                "in \(ServerScreenText.grouped(connection.received))\(dot)out "
                + ServerScreenText.grouped(connection.replied)
            last = connection.lastSeen
        case .udp(let sender):
            state = sender.heartbeat.map { $0.isStopped(at: now) ? "stopped" : "pinging" } ?? "seen"
            var text =
                "in \(ServerScreenText.grouped(sender.received))\(dot)out "
                + ServerScreenText.grouped(sender.replied)
            if sender.dropped > 0 { text += "\(dot)dropped \(ServerScreenText.grouped(sender.dropped))" }
            counts = text
            last = sender.lastSeen
            if let beat = sender.heartbeat {
                let ago = "last " + ServerScreenText.age(Int(now.timeIntervalSince(last))) + " ago"
                return [
                    endpoint(of: row, ascii: ascii), state, counts,
                    ago + "  " + heartbeatText(beat, dot: dot, ascii: ascii),
                ]
            }
        }
        let ago = "last " + ServerScreenText.age(Int(now.timeIntervalSince(last))) + " ago"
        return [endpoint(of: row, ascii: ascii), state, counts, ago]
    }

    /// A pinging peer's Heartbeat figures: `seq 9 · gaps 2 (3, 6) · reordered 1 · one-way 0.2 ms`; the one-way
    /// delay is marked as an estimate (`≈`, two clocks) for a peer on another machine.
    static func heartbeatText(_ beat: Heartbeat, dot: String, ascii: Bool) -> String {
        var parts = ["seq \(beat.lastSeq)", "gaps " + beat.gapsText(ascii: ascii)]
        if beat.reordered > 0 { parts.append("reordered \(beat.reordered)") }
        if beat.duplicates > 0 { parts.append("dup \(beat.duplicates)") }
        if let oneWay = beat.oneWay {
            let figure = NumberText.duration(.microseconds(Int64((abs(oneWay) * 1000).rounded())))
            let sign = oneWay < 0 ? "-" : ""
            parts.append(
                beat.sameMachine
                    ? "one-way \(sign)\(figure)" : "one-way " + (ascii ? "~" : "≈") + sign + figure + " (estimate)"
            )
        }
        return parts.joined(separator: dot)
    }

    /// `tcp 192.168.1.31:51522 → 192.168.1.20:12000` (a connection socket's four-tuple), `udp 192.168.1.44:60211`.
    private static func endpoint(of row: PeerRow, ascii: Bool) -> String {
        switch row {
        case .tcp(let connection):
            let local = connection.local.map { (ascii ? " -> " : " → ") + VisibleText.escape($0.description) } ?? ""
            return "tcp " + VisibleText.escape(connection.peer.description) + local
        case .udp(let sender): return "udp " + VisibleText.escape(sender.peer.description)
        case .listening(let listener):
            return listener.transport.rawValue + " " + VisibleText.escape(listener.endpoint.description)
        }
    }

    /// The widths of the first three columns of some rows.
    private static func columnWidths(_ rows: [(PeerRow, [String])]) -> [Int] {
        (0..<3).map { column in rows.map { DisplayWidth.of($0.1[column]) }.max() ?? 0 }
    }

    private static func isClosed(_ row: PeerRow) -> Bool {
        if case .tcp(let connection) = row { return connection.closedAt != nil }
        return false
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let missing = width - DisplayWidth.of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    private static func drawEmpty(_ text: String, rect: Rect, context: Context, into buffer: inout ScreenBuffer) {
        buffer.put(
            TextWrap.truncate(text, width: rect.width, ellipsis: context.box.ellipsis),
            x: rect.x,
            y: rect.y,
            style: .role(.muted),
            maxWidth: rect.width
        )
    }
}
