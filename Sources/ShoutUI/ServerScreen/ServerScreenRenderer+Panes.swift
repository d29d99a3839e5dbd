import Foundation
import ShoutCore

extension ServerScreenRenderer {
    /// Draws the lines of one pane into `rect` (its inside, without borders).
    static func drawPane(_ context: Context, pane: ServerPane, rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let state = context.state
        switch pane {
        case .peers:
            let rows = state.peers.rows
            guard !rows.isEmpty else {
                drawEmpty("no peers yet", rect: rect, context: context, into: &buffer)
                return
            }
            let offset = min(state.peerOffset, max(0, rows.count - rect.height))
            let shown = rows.dropFirst(offset).prefix(rect.height)
            let endpointWidth = min(47, max(21, shown.map { DisplayWidth.of(endpoint(of: $0)) }.max() ?? 0))
            for (index, row) in shown.enumerated() {
                let text = peerText(row, now: state.now, endpointWidth: endpointWidth)
                let style: CellStyle = isClosed(row) ? .role(.muted) : .plain
                buffer.put(TextWrap.truncate(text, width: rect.width, ellipsis: context.box.ellipsis), x: rect.x,
                           y: rect.y + index, style: style, maxWidth: rect.width)
            }
        case .received, .replies:
            let log = pane == .received ? state.received : state.replies
            guard log.count > 0 else {
                let waiting = state.isPaused ? "paused" : "waiting for traffic"
                drawEmpty(waiting, rect: rect, context: context, into: &buffer)
                return
            }
            for (index, line) in log.visible(height: rect.height).enumerated() {
                drawTraffic(line, context: context, x: rect.x, y: rect.y + index, width: rect.width, into: &buffer)
            }
        }
    }

    /// One traffic line: `14:02:21 udp 192.168.1.44:60211  6 B  straße`, or with `→` before the peer for a reply.
    static func drawTraffic(_ line: TrafficLine, context: Context, x: Int, y: Int, width: Int,
                            into buffer: inout ScreenBuffer) {
        let time = Timestamp.clock(line.time) + " "
        var used = buffer.put(time, x: x, y: y, style: .role(.muted), maxWidth: width)
        if case .note(let note) = line.kind {
            let text = TextWrap.truncate(VisibleText.escape(note), width: width - used, ellipsis: context.box.ellipsis)
            buffer.put(text, x: x + used, y: y, style: .role(.warn), maxWidth: width - used)
            return
        }
        var prefix = line.transport.rawValue + " "
        if line.kind == .replied { prefix += context.ascii ? "-> " : "→ " }
        prefix += VisibleText.escape(line.peer.description) + "  " + ServerScreenText.size(line.size) + "  "
        var textStyle = CellStyle.plain
        if case .dropped(let reason) = line.kind {
            prefix += reason.rawValue.uppercased() + " "
            textStyle = .role(.warn)
        }
        used += buffer.put(prefix, x: x + used, y: y, style: textStyle, maxWidth: width - used)
        let room = width - used
        guard room > 0 else { return }
        var payload = line.payloadText(hex: context.state.showsHex)
        if line.isCut { payload += context.box.ellipsis }
        let text = TextWrap.truncate(payload, width: room, ellipsis: context.box.ellipsis)
        buffer.put(text, x: x + used, y: y, style: textStyle, maxWidth: room)
    }

    /// `tcp 192.168.1.31:51522   connected 00:01:02   in 14 · out 14   last 2 s ago`.
    static func peerText(_ row: PeerRow, now: Date, endpointWidth: Int) -> String {
        let state: String, counts: String, last: Date
        switch row {
        case .tcp(let connection):
            if connection.closedAt != nil {
                state = "closed" + (connection.closeReason.map { ": " + VisibleText.escape($0) } ?? "")
            } else {
                state = "connected " + Timestamp.duration(seconds: Int(now.timeIntervalSince(connection.connectedAt)))
            }
            counts = "in \(ServerScreenText.grouped(connection.received)) · out "
                + ServerScreenText.grouped(connection.replied)
            last = connection.lastSeen
        case .udp(let sender):
            state = "seen"
            var text = "in \(ServerScreenText.grouped(sender.received)) · out \(ServerScreenText.grouped(sender.replied))"
            if sender.dropped > 0 { text += " · dropped \(ServerScreenText.grouped(sender.dropped))" }
            counts = text
            last = sender.lastSeen
        }
        let transport = { if case .tcp = row { return "tcp " } else { return "udp " } }()
        let ago = "last " + ServerScreenText.age(Int(now.timeIntervalSince(last))) + " ago"
        return transport + pad(endpoint(of: row), endpointWidth) + "  " + pad(state, 20) + "  " + pad(counts, 16)
            + "  " + ago
    }

    private static func endpoint(of row: PeerRow) -> String {
        switch row {
        case .tcp(let connection): VisibleText.escape(connection.peer.description)
        case .udp(let sender): VisibleText.escape(sender.peer.description)
        }
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
        buffer.put(TextWrap.truncate(text, width: rect.width, ellipsis: context.box.ellipsis), x: rect.x, y: rect.y,
                   style: .role(.muted), maxWidth: rect.width)
    }
}
