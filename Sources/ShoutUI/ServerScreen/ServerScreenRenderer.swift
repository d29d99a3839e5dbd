import ShoutCore

/// Draws a ``ServerScreenState`` into any rectangle of a ``ScreenBuffer`` (the whole terminal, or one side of the
/// demo screen); nothing outside the rectangle is touched.
///
/// Every piece of text from a peer goes through `VisibleText` before it reaches the buffer, and the buffer escapes
/// any control character again as defence in depth.
public enum ServerScreenRenderer {
    /// Draws `state` into `area` of `buffer`. `focused` says whether this screen has the keyboard (the focused pane's
    /// title is highlighted only then); `ascii` asks for ASCII borders and symbols.
    public static func render(
        _ state: ServerScreenState,
        into buffer: inout ScreenBuffer,
        area: Rect,
        focused: Bool = true,
        ascii: Bool = false
    ) {
        let area = area.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let layout = ServerScreenLayout(area: area)
        let context = Context(
            state: state,
            layout: layout,
            box: .choose(useASCII: ascii),
            ascii: ascii,
            focused: focused
        )
        switch layout.mode {
        case .tooSmall:
            let notice = DisplayWidth.of("terminal too small") <= area.width ? "terminal too small" : "too small"
            putCut(notice, x: area.x, y: area.y, width: area.width, style: .role(.warn), context, into: &buffer)
            return
        case .full:
            drawFull(context, into: &buffer)
        case .compact:
            drawCompact(context, into: &buffer)
        }
        if state.showsHelp { drawHelp(context, into: &buffer) }
    }

    /// What every drawing routine needs.
    struct Context {
        let state: ServerScreenState
        let layout: ServerScreenLayout
        let box: BoxDrawing
        let ascii: Bool
        let focused: Bool
    }

    /// Puts `text` at `x`, `y`, cut with the box's ellipsis to `width` columns; returns the columns written.
    @discardableResult
    static func putCut(
        _ text: String,
        x: Int,
        y: Int,
        width: Int,
        style: CellStyle = .plain,
        _ context: Context,
        into buffer: inout ScreenBuffer
    ) -> Int {
        buffer.put(
            TextWrap.truncate(text, width: width, ellipsis: context.box.ellipsis),
            x: x,
            y: y,
            style: style,
            maxWidth: width
        )
    }

    private static let headerStyle = CellStyle(role: .accent, bold: true)
    private static let borderStyle = CellStyle.role(.muted)

    private static func drawFull(_ context: Context, into buffer: inout ScreenBuffer) {
        let layout = context.layout
        let area = layout.area
        let box = context.box
        let header = ServerScreenText.header(context.state, width: area.width - 4, ascii: context.ascii)
        box.drawBox(area, title: header, style: borderStyle, titleStyle: headerStyle, into: &buffer)
        box.drawSeparator(y: layout.peers.y - 1, in: area, style: borderStyle, into: &buffer)
        box.drawSeparator(y: layout.received.y - 1, in: area, style: borderStyle, into: &buffer)
        box.drawSeparator(y: layout.footer.y - 1, in: area, style: borderStyle, into: &buffer)
        if context.state.showsWire {
            // One pane across both traffic panes' rows.
            let traffic = layout.received
            let rect = Rect(
                x: traffic.x,
                y: traffic.y,
                width: layout.replies.maxX - traffic.x,
                height: traffic.height
            )
            drawWirePane(context, rect: rect, into: &buffer)
        } else {
            box.drawVerticalLine(
                x: layout.received.maxX,
                top: layout.received.y - 1,
                bottom: layout.received.maxY,
                style: borderStyle,
                into: &buffer
            )
        }
        let trafficLevel = trafficDetail(context)
        for pane in ServerPane.allCases where pane == .peers || !context.state.showsWire {
            let rect = layout.rect(of: pane)
            drawTitle(context, pane: pane, x: rect.x - 1, y: rect.y - 1, width: rect.width + 1, into: &buffer)
            drawPane(context, pane: pane, rect: rect, trafficLevel: trafficLevel, into: &buffer)
            if pane != .peers {
                drawMarker(context, pane: pane, rect: rect, y: rect.maxY, into: &buffer)
            }
        }
        if context.state.prompt != nil {
            drawPrompt(context, row: layout.footer, into: &buffer)
            return
        }
        let hints = TextWrap.truncate(
            ServerScreenText.hints(context.state, ascii: context.ascii, width: layout.footer.width),
            width: layout.footer.width,
            ellipsis: box.ellipsis
        )
        buffer.put(hints, x: layout.footer.x, y: layout.footer.y, style: .role(.muted), maxWidth: layout.footer.width)
    }

    /// The open prompt on one row: its label, then the line being typed (scrolled to keep the cursor in view), with
    /// the terminal cursor on it when this screen has the keyboard.
    private static func drawPrompt(_ context: Context, row: Rect, into buffer: inout ScreenBuffer) {
        guard !row.isEmpty else { return }
        buffer.fill(row)
        var label = ServerScreenText.promptLabel(context.state)
        if DisplayWidth.of(label) > row.width / 2 {
            label = context.state.prompt == .mark ? "mark: " : "filter: "
        }
        let used = buffer.put(
            label,
            x: row.x,
            y: row.y,
            style: CellStyle(role: .accent, bold: true),
            maxWidth: row.width
        )
        let field = row.inset(left: used)
        guard !field.isEmpty else { return }
        let slice = context.state.promptEditor.visibleSlice(width: field.width)
        buffer.put(slice.text, x: field.x, y: field.y, maxWidth: field.width)
        if context.focused { buffer.cursor = (min(field.x + slice.cursorX, field.maxX - 1), field.y) }
    }

    private static func drawCompact(_ context: Context, into buffer: inout ScreenBuffer) {
        let layout = context.layout
        let area = layout.area
        let box = context.box
        let state = context.state
        let listen = ":\(state.info.port)" + (state.isPaused ? " PAUSED" : "")
        box.drawBox(area, title: "shout " + listen, style: borderStyle, titleStyle: headerStyle, into: &buffer)
        let dot = ServerScreenText.dot(context.ascii)
        var totals =
            "in \(ServerScreenText.grouped(state.totals.received))\(dot)out "
            + "\(ServerScreenText.grouped(state.totals.replied))\(dot)\(state.rate.perSecond(at: state.now))/s"
        if state.isPaused { totals = "paused, \(state.waitingCount) waiting" + dot + totals }
        if !state.filter.isEmpty { totals = "filter hides \(state.hiddenByFilter)" + dot + totals }
        if state.impairments.isActive { totals += dot + state.impairments.text(separator: dot) }
        if state.prompt != nil {
            drawPrompt(context, row: layout.footer, into: &buffer)
        } else {
            buffer.put(
                TextWrap.truncate(totals, width: layout.footer.width, ellipsis: box.ellipsis),
                x: layout.footer.x,
                y: layout.footer.y,
                maxWidth: layout.footer.width
            )
        }
        let rect = layout.received
        box.drawSeparator(y: rect.y - 1, in: area, style: borderStyle, into: &buffer)
        if state.showsWire && state.focus != .peers {
            drawWirePane(context, rect: rect, into: &buffer)
            return
        }
        drawTitle(context, pane: state.focus, x: rect.x - 1, y: rect.y - 1, width: rect.width + 1, into: &buffer)
        drawPane(context, pane: state.focus, rect: rect, into: &buffer)
        drawMarker(context, pane: state.focus, rect: rect, y: rect.maxY, into: &buffer)
    }

    /// ` Received ` in a border, or ` [Received] ` highlighted when it has the keys.
    private static func drawTitle(
        _ context: Context,
        pane: ServerPane,
        x: Int,
        y: Int,
        width: Int,
        into buffer: inout ScreenBuffer
    ) {
        var title = pane.title
        let state = context.state
        if pane == .peers {
            let dot = ServerScreenText.dot(context.ascii)
            let peers = state.shownPeers
            title +=
                "\(dot)\(NumberText.grouped(peers.openConnections)) tcp\(dot)\(NumberText.grouped(peers.senders.count)) udp"
            // A flood thinned the events the UDP counts are made from; TCP's are exact whatever happens.
            if peers.countsAreSampled && !peers.senders.isEmpty {
                // Heartbeat gaps would then count datagrams that were only left out of the events.
                let pinging = peers.senders.values.contains { $0.heartbeat != nil }
                title += "\(dot)udp counts sampled" + (pinging ? ", gaps too" : "")
            }
        } else if state.showsHex {
            title += " (hex)"
        }
        let isFocused = context.focused && state.focus == pane
        if isFocused { title = "[" + title + "]" }
        let room = width - 3
        guard room >= 1 else { return }
        let text = TextWrap.truncate(title, width: room, ellipsis: context.box.ellipsis)
        let style = isFocused ? CellStyle(role: .accent, bold: true, reverse: true) : CellStyle(role: .accent)
        buffer.put(" ", x: x + 1, y: y, maxWidth: 1)
        let written = buffer.put(text, x: x + 2, y: y, style: style, maxWidth: room)
        buffer.put(" ", x: x + 2 + written, y: y, maxWidth: 1)
    }

    /// ` ↓ 12 new below ` in the border under a pane whose reader scrolled up.
    private static func drawMarker(
        _ context: Context,
        pane: ServerPane,
        rect: Rect,
        y: Int,
        into buffer: inout ScreenBuffer
    ) {
        let log = pane == .replies ? context.state.replies : context.state.received
        guard pane != .peers, !log.isAtBottom else { return }
        let arrow = context.ascii ? "v" : "↓"
        let text =
            log.newBelow > 0
            ? " \(arrow) \(ServerScreenText.grouped(log.newBelow)) new below (End) "
            : " \(arrow) more below (End) "
        let width = DisplayWidth.of(text)
        guard width <= rect.width - 1 else { return }
        buffer.put(
            text,
            x: rect.maxX - width - 1,
            y: y,
            style: CellStyle(role: .warn, reverse: true),
            maxWidth: width
        )
    }

    private static func drawHelp(_ context: Context, into buffer: inout ScreenBuffer) {
        let area = context.layout.area
        let lines = ServerScreenText.help
        let width = min(area.width, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4)
        let height = min(area.height, lines.count + 2)
        let box = Rect(
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width: width,
            height: height
        )
        buffer.fill(box)
        context.box.drawBox(box, title: "Help: keys", style: .role(.accent), titleStyle: headerStyle, into: &buffer)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 1)
        for (index, line) in lines.prefix(inner.height).enumerated() {
            putCut(line, x: inner.x, y: inner.y + index, width: inner.width, context, into: &buffer)
        }
    }
}
