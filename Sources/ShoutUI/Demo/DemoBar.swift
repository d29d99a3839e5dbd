/// The demo screen's top row: each half's name above it (stacked: left and right), the one with the keyboard in
/// reverse video between arrows and in capitals, so it is obvious on a monochrome projector too, and the keys.
public enum DemoBar {
    /// The label of a half: `▶ CLIENT: keys here ◀` when focused, `client (F6)` when not.
    public static func label(_ half: DemoFocus, focused: Bool, ascii: Bool) -> String {
        let name = half == .client ? "client" : "server"
        guard focused else { return " \(name) (F6) " }
        return ascii ? " >> \(name.uppercased()): keys here << " : " ▶ \(name.uppercased()): keys here ◀ "
    }

    /// `text` with its dots and arrows in ASCII.
    static func ascii(_ text: String) -> String {
        var ascii = ""
        for character in text {
            switch character {
            case "·": ascii += "|"
            case "→": ascii += "->"
            default: ascii.append(character)
            }
        }
        return ascii
    }

    /// Draws the bar of `layout` with `focus` on one half; after the client's label comes the title, `shout demo`,
    /// with `note` (a few words: a changed port, say) after it when there is room for both.
    public static func render(
        _ layout: DemoLayout,
        focus: DemoFocus,
        ascii: Bool,
        note: String? = nil,
        into buffer: inout ScreenBuffer
    ) {
        let bar = layout.bar.intersection(buffer.bounds)
        guard !bar.isEmpty else { return }
        buffer.fill(bar, style: .role(.muted))
        let focusedStyle = CellStyle(role: .accent, bold: true, reverse: true)
        var spots: [(half: DemoFocus, x: Int, width: Int)]
        switch layout.arrangement {
        case .sideBySide:
            spots = [(.client, layout.client.x, layout.client.width), (.server, layout.server.x, layout.server.width)]
        case .stacked, .focusedOnly:
            let halves = bar.sliceLeft(bar.width / 2)
            spots = [
                (.client, halves.left.x, halves.left.width), (.server, halves.remainder.x, halves.remainder.width),
            ]
        }
        for spot in spots {
            let isFocused = spot.half == focus
            var text = label(spot.half, focused: isFocused, ascii: ascii)
            if layout.arrangement == .stacked { text += spot.half == .client ? "(above) " : "(below) " }
            let written = buffer.put(
                TextWrap.truncate(text, width: spot.width, ellipsis: ascii ? "~" : "…"),
                x: spot.x,
                y: bar.y,
                style: isFocused ? focusedStyle : .role(.muted),
                maxWidth: spot.width
            )
            var extras = spot.half == .server ? ["F6/Ctrl-O switch · Ctrl-C quit"] : ["shout demo"]
            if spot.half == .client, let note { extras.insert("shout demo · " + note, at: 0) }
            for extra in extras {
                let hint = " " + (ascii ? Self.ascii(extra) : extra)
                guard written + DisplayWidth.of(hint) <= spot.width else { continue }
                buffer.put(hint, x: spot.x + written, y: bar.y, style: .role(.muted), maxWidth: spot.width - written)
                break
            }
        }
    }
}
