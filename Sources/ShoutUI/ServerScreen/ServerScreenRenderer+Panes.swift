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
            drawPeers(context, rect: rect, into: &buffer)
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
        let written = putCut(
            head,
            x: x,
            y: y,
            width: width,
            style: CellStyle(role: .accent, bold: true),
            context,
            into: &buffer
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

    /// The rows of the Peers pane, fitted to its width: one detail level for every row shown (see
    /// ``fittedPeerParts(_:now:dot:ascii:width:)``), the fullest at which each row's peer, state and counts fit whole; the
    /// rest of a row (how long ago it was last heard, its Heartbeat figures) shows as far as whole parts fit. When
    /// the pane cannot list every row, the peers come before the listening sockets.
    static func drawPeers(_ context: Context, rect: Rect, into buffer: inout ScreenBuffer) {
        let state = context.state
        guard state.shownPeers.rowCount > 0 else {
            drawEmpty("no peers yet", rect: rect, context: context, into: &buffer)
            return
        }
        let shown = state.shownPeerRows(height: rect.height)
        let dot = ServerScreenText.dot(context.ascii)
        let parts = fittedPeerParts(
            shown,
            now: state.shownPeersTime,
            dot: dot,
            ascii: context.ascii,
            width: rect.width
        )
        let lines = peerLines(shown, parts)
        for (index, row) in shown.enumerated() {
            var text = lines[index]
            // What follows the counts: as many of its parts as fit whole, each group after two spaces; when not all
            // fit, a pinging peer's Heartbeat figures (or a connection's kernel figures) before how long ago it was
            // heard (they are the lab's).
            var used = DisplayWidth.of(text)
            if used > rect.width {
                text = trimmedAtEnd(text)
                used = DisplayWidth.of(text)
            }
            // Under --grade a pinging peer's verdict comes first, cut rather than left out when it does not fit.
            let verdict = gradeText(row, now: state.shownPeersTime, ascii: context.ascii)
            let verdictAt = used + 2
            if let verdict {
                text += "  " + verdict.text
                used += 2 + DisplayWidth.of(verdict.text)
            }
            var groups = parts[index].extras
            let whole = groups.map { "  " + $0.joined(separator: dot) }.joined()
            if used + DisplayWidth.of(whole) > rect.width { groups.reverse() }
            fitting: for group in groups {
                for (position, part) in group.enumerated() {
                    let piece = (position == 0 ? "  " : dot) + part
                    let width = DisplayWidth.of(piece)
                    guard used + width <= rect.width else { break fitting }
                    text += piece
                    used += width
                }
            }
            let style: CellStyle = isClosed(row) ? .role(.muted) : .plain
            putCut(text, x: rect.x, y: rect.y + index, width: rect.width, style: style, context, into: &buffer)
            if let verdict, verdictAt < rect.width {
                // Over its place in the row, in its own style.
                let (x, width) = (rect.x + verdictAt, rect.width - verdictAt)
                putCut(
                    verdict.text,
                    x: x,
                    y: rect.y + index,
                    width: width,
                    style: verdict.style,
                    context,
                    into: &buffer
                )
            }
        }
    }

    /// The Peers rows' detail levels: 0 is everything; 1 leaves out a connection's own end (`→ 192.168.1.20:12000`),
    /// 2 the age of a connection and the reason of a close, 3 the peer's host (its port stays).
    static let peerDetailLevels = 0...3

    /// Each row's peer, state and counts, padded into two tables (connections and UDP senders: a four-tuple is much
    /// wider than a sender's address); a listening socket is one phrase.
    static func peerLines(_ rows: [PeerRow], _ parts: [(columns: [String], extras: [[String]])]) -> [String] {
        func widths(_ kind: (PeerRow) -> Bool) -> [Int] {
            let columns = zip(rows, parts).filter { kind($0.0) }.map(\.1.columns)
            return (0..<3).map { column in columns.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        }
        let tcpWidths = widths { if case .tcp = $0 { true } else { false } }
        let udpWidths = widths { if case .udp = $0 { true } else { false } }
        return zip(rows, parts).map { row, part in
            if case .listening = row { return part.columns.filter { !$0.isEmpty }.joined(separator: "  ") }
            let widths = { if case .tcp = row { tcpWidths } else { udpWidths } }()
            // The counts padded too, so what follows them starts in one column; trailing spaces do not count.
            return (0..<3).map { pad(part.columns[$0], widths[$0]) }.joined(separator: "  ")
        }
    }

    /// The columns of a Peers row, `tcp 192.168.1.31:51522`, `connected 00:01:02`, `in 14 · out 14`,
    /// `last 2 s ago`, padded into a table by the caller; a pinging peer's fourth column has its Heartbeat figures
    /// after that.
    static func peerColumns(_ row: PeerRow, now: Date, dot: String, ascii: Bool = false) -> [String] {
        let parts = peerParts(row, now: now, dot: dot, ascii: ascii, level: 0)
        return parts.columns + [parts.extras.map { $0.joined(separator: dot) }.joined(separator: "  ")]
    }

    /// A Peers row at a detail level (``peerDetailLevels``): its peer, state and counts, and what may follow them
    /// in groups (how long ago it was last heard, then a pinging peer's Heartbeat figures or a connection's kernel
    /// view; the caller puts them first when not all fit).
    static func peerParts(
        _ row: PeerRow,
        now: Date,
        dot: String,
        ascii: Bool,
        level: Int
    ) -> (columns: [String], extras: [[String]]) {
        let state: String
        let counts: String
        let last: Date
        var extras: [[String]] = []
        switch row {
        case .listening(let listener):
            let address = VisibleText.escape(listener.endpoint.description)
            return listener.transport == .tcp
                ? (["tcp welcoming socket " + address, "listening", ""], [])
                : (["udp socket " + address, "shared by every sender", ""], [])
        case .tcp(let connection):
            if connection.closedAt != nil {
                let reason = connection.closeReason.map { ": " + VisibleText.escape($0) } ?? ""
                state = "closed" + (level >= 2 ? "" : reason)
            } else {
                let age = Timestamp.duration(seconds: Int(now.timeIntervalSince(connection.connectedAt)))
                state = (connection.kernel?.state ?? "connected") + (level >= 2 ? "" : " " + age)
            }
            counts =
                "in \(ServerScreenText.grouped(connection.received))\(dot)out "
                + ServerScreenText.grouped(connection.replied)
            last = connection.lastSeen
            // The kernel's figures, like a pinging peer's: before the age when not all fits.
            if let info = connection.kernel, connection.closedAt == nil {
                extras.append(info.figures(ascii: ascii))
            }
        case .udp(let sender):
            state =
                sender.heartbeat.map { !$0.isPinging ? "seen" : $0.isStopped(at: now) ? "stopped" : "pinging" }
                ?? "seen"
            var text =
                "in \(ServerScreenText.grouped(sender.received))\(dot)out "
                + ServerScreenText.grouped(sender.replied)
            if sender.dropped > 0 { text += "\(dot)dropped \(ServerScreenText.grouped(sender.dropped))" }
            counts = text
            last = sender.lastSeen
            if let beat = sender.heartbeat { extras.append(heartbeatParts(beat, ascii: ascii)) }
        }
        extras.insert(["last " + ServerScreenText.age(Int(now.timeIntervalSince(last))) + " ago"], at: 0)
        return ([endpoint(of: row, ascii: ascii, level: level), state, counts], extras)
    }

    /// `tcp 192.168.1.31:51522 → 192.168.1.20:12000` (a connection socket's four-tuple), `udp 192.168.1.44:60211`;
    /// from level 1 a connection without its own end, from level 3 the port alone (`tcp :51522`).
    private static func endpoint(of row: PeerRow, ascii: Bool, level: Int = 0) -> String {
        func peer(_ endpoint: Endpoint) -> String {
            level >= 3 ? ":\(endpoint.port)" : VisibleText.escape(endpoint.description)
        }
        switch row {
        case .tcp(let connection):
            let local =
                level >= 1
                ? "" : connection.local.map { (ascii ? " -> " : " → ") + VisibleText.escape($0.description) } ?? ""
            return "tcp " + peer(connection.peer) + local
        case .udp(let sender): return "udp " + peer(sender.peer)
        case .listening(let listener):
            return listener.transport.rawValue + " " + VisibleText.escape(listener.endpoint.description)
        }
    }

    private static func isClosed(_ row: PeerRow) -> Bool {
        if case .tcp(let connection) = row { return connection.closedAt != nil }
        return false
    }

    static func trimmedAtEnd(_ text: String) -> String {
        String(text.reversed().drop { $0 == " " }.reversed())
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let missing = width - DisplayWidth.of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    private static func drawEmpty(_ text: String, rect: Rect, context: Context, into buffer: inout ScreenBuffer) {
        putCut(text, x: rect.x, y: rect.y, width: rect.width, style: .role(.muted), context, into: &buffer)
    }
}
