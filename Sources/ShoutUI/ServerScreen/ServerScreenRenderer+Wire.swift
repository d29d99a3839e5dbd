import FoundationEssentials
import ShoutCore

extension ServerScreenRenderer {
    /// The Wire pane in `rect` (its inside; the title goes in the border row above): the packets of the server's
    /// port, one a line, `14:02:11.223 tcp 127.0.0.1:41881 → :12000 SYN seq 0 win 65495`, a retransmission, a RST
    /// or an ICMP error in the warning colour. Where a line does not fit (the demo's half), the lines name the peer
    /// by its port and leave out the server's port and the window.
    static func drawWirePane(_ context: Context, rect paneRect: Rect, into buffer: inout ScreenBuffer) {
        let state = context.state
        drawWireTitle(context, x: paneRect.x - 1, y: paneRect.y - 1, width: paneRect.width + 1, into: &buffer)
        let rect = paneRect.width >= 12 ? paneRect.inset(left: 1, right: 1) : paneRect
        guard !rect.isEmpty else { return }
        let lines = state.visibleWireLines(height: paneRect.height)
        guard !lines.isEmpty else {
            let empty =
                state.wire.count > 0
                ? "no line matches the filter (Esc clears it)"
                : state.wireAbsence ?? (state.isPaused ? "paused" : "waiting for packets of port \(state.info.port)")
            putCut(empty, x: rect.x, y: rect.y, width: rect.width, style: .role(.muted), context, into: &buffer)
            return
        }
        // The time to the millisecond where the pane is wide, to the second where it is not; and every line in the
        // compact form once one would not fit, so the lines read alike.
        let wide = rect.width >= 90
        let timeWidth = (wide ? 12 : 8) + 1
        let compact = lines.contains { DisplayWidth.of($0.text) > rect.width - timeWidth }
        for (index, line) in lines.enumerated() {
            let y = rect.y + index
            let time = (wide ? Timestamp.clockMilliseconds(line.time) : Timestamp.clock(line.time)) + " "
            let used = buffer.put(time, x: rect.x, y: y, style: .role(.muted), maxWidth: rect.width)
            let room = rect.width - used
            guard room > 0 else { continue }
            let style: CellStyle =
                switch line.kind {
                case .packet: .plain
                case .notable, .note: .role(.warn)
                }
            let words = compact ? line.compactText : line.text
            let text = TextWrap.truncate(words, width: room, ellipsis: context.box.ellipsis)
            buffer.put(text, x: rect.x + used, y: y, style: style, maxWidth: room)
        }
    }

    /// ` Wire ` in the border, or ` [Wire] ` highlighted when the traffic panes have the keys.
    private static func drawWireTitle(
        _ context: Context,
        x: Int,
        y: Int,
        width: Int,
        into buffer: inout ScreenBuffer
    ) {
        let state = context.state
        var title = "Wire" + ServerScreenText.dot(context.ascii) + "w: Received/Replies"
        let isFocused = context.focused && state.focus != .peers
        if isFocused { title = "[" + title + "]" }
        let room = width - 3
        guard room >= 1 else { return }
        let text = TextWrap.truncate(title, width: room, ellipsis: context.box.ellipsis)
        let style = isFocused ? CellStyle(role: .accent, bold: true, reverse: true) : CellStyle(role: .accent)
        buffer.put(" ", x: x + 1, y: y, maxWidth: 1)
        let written = buffer.put(text, x: x + 2, y: y, style: style, maxWidth: room)
        buffer.put(" ", x: x + 2 + written, y: y, maxWidth: 1)
    }
}
