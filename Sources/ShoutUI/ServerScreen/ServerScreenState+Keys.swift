extension ServerScreenState {
    /// Applies one key: the method a host screen (the demo) calls with keys meant for the server side.
    ///
    /// Tab/Shift-Tab focus a pane; ↑/↓/PgUp/PgDn/Home/End scroll it; space pauses or resumes the display; x toggles
    /// hex; c clears; w shows the Wire pane in place of Received and Replies (and back); d, l and j change the impairments; m asks for a mark's label; / asks for a filter (Esc clears
    /// it); ? shows help (any key closes it); q, Ctrl-C or Ctrl-D quits. While a prompt is open, keys edit it.
    public mutating func handle(_ key: Key) -> [ServerScreenEffect] {
        if key == .resize { return [] }
        if showsHelp {
            showsHelp = false
            setNeedsRender()
            return []
        }
        if prompt != nil { return handlePrompt(key) }
        switch key {
        case .character("q"), .character("Q"), .control("c"), .control("d"):
            return [.quit]
        case .character("d"), .character("D"):
            return changeImpairments(to: impairments.cyclingDrop())
        case .character("l"), .character("L"):
            return changeImpairments(to: impairments.cyclingDelay())
        case .character("j"), .character("J"):
            return changeImpairments(to: impairments.togglingJitter())
        case .character("m"), .character("M"):
            openPrompt(.mark, text: "")
        case .character("/"):
            openPrompt(.filter, text: filter)
        case .escape:
            guard !filter.isEmpty else { return [] }
            filter = ""
        case .tab:
            focus = focus.next()
        case .backTab:
            focus = focus.next(backwards: true)
        case .character(" "):
            if isPaused { resume() } else { pause() }
        case .character("x"), .character("X"):
            showsHex.toggle()
        case .character("c"), .character("C"):
            clearPanes()
        case .character("w"), .character("W"):
            showsWire.toggle()
            if showsWire, focus == .replies { focus = .received }
        case .character("?"), .character("h"), .function(1):
            showsHelp = true
        case .up:
            scroll(by: -1)
        case .down:
            scroll(by: 1)
        case .pageUp:
            scroll(by: -max(1, focusedHeight - 1))
        case .pageDown:
            scroll(by: max(1, focusedHeight - 1))
        case .home:
            scroll(by: Int.min / 2)
        case .end:
            scroll(by: Int.max / 2)
        default:
            return []
        }
        setNeedsRender()
        return []
    }

    /// Rows of the focused pane in the current layout (at least one).
    var focusedHeight: Int { max(1, layout.rect(of: focus).height) }

    /// Scrolls the focused pane: negative towards older lines (or the first peers), positive towards newer ones.
    private mutating func scroll(by delta: Int) {
        let height = focusedHeight
        switch focus {
        case .received where showsWire, .replies where showsWire: Self.scroll(&wire, by: delta, height: height)
        case .received: Self.scroll(&received, by: delta, height: height)
        case .replies: Self.scroll(&replies, by: delta, height: height)
        case .peers:
            let maximum = max(0, shownPeers.rowCount - height)
            peerOffset = min(maximum, max(0, min(peerOffset, maximum) + delta))
        }
    }

    private static func scroll<Line>(_ log: inout ScrollbackLog<Line>, by delta: Int, height: Int) {
        if delta >= Int.max / 4 {
            log.end()
        } else {
            log.scroll(by: max(delta, -log.count), height: height)
        }
    }
}
