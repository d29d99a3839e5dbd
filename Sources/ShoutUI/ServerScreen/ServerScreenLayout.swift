/// Where each part of the server screen goes in a given area: computed, never drawn, so tests and key handling
/// (which scrolls by pane heights) agree with what is on the screen.
///
/// Full layout (at least ``fullMinimum``): a box whose top border carries the header, a Peers pane, Received and
/// Replies sent side by side, and a footer of key hints. Compact (at least ``compactMinimum``): the header, one line
/// of totals and the focused pane alone. Anything smaller shows only a notice.
public struct ServerScreenLayout: Equatable, Sendable {
    /// The smallest area for the full layout.
    public static let fullMinimum = (width: 40, height: 10)
    /// The smallest area for anything but the notice.
    public static let compactMinimum = (width: 20, height: 6)

    /// Which arrangement fits.
    public enum Mode: Equatable, Sendable {
        case full
        case compact
        case tooSmall
    }

    /// The area laid out.
    public let area: Rect
    /// Which arrangement fits.
    public let mode: Mode
    /// The Peers pane's rows (full layout only).
    public let peers: Rect
    /// The Received pane's rows (the focused pane's rows in the compact layout).
    public let received: Rect
    /// The Replies-sent pane's rows.
    public let replies: Rect
    /// The totals line (compact) or the key hints (full).
    public let footer: Rect

    /// The layout of `area`.
    public init(area: Rect) {
        self.area = area
        let inner = area.inset(by: 1)
        if area.width >= Self.fullMinimum.width && area.height >= Self.fullMinimum.height {
            mode = .full
            // Rows inside the box: Peers separator, peers, panes separator, panes, footer separator, footer.
            let body = inner.height - 4
            let peerRows = max(1, min(8, body / 4))
            peers = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: peerRows)
            let panesTop = peers.maxY + 1
            let panes = Rect(x: inner.x, y: panesTop, width: inner.width, height: inner.maxY - 2 - panesTop)
            // One column between the two panes for the vertical line.
            let leftWidth = (inner.width - 1) / 2
            received = Rect(x: panes.x, y: panes.y, width: leftWidth, height: panes.height)
            replies = Rect(
                x: panes.x + leftWidth + 1,
                y: panes.y,
                width: inner.width - leftWidth - 1,
                height: panes.height
            )
            // The same one-column margin inside the border as the panes' text.
            footer = Rect(x: inner.x + 1, y: inner.maxY - 1, width: inner.width - 2, height: 1)
        } else if area.width >= Self.compactMinimum.width && area.height >= Self.compactMinimum.height {
            mode = .compact
            footer = Rect(x: inner.x, y: inner.y, width: inner.width, height: 1)
            received = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
            replies = received
            peers = received
        } else {
            mode = .tooSmall
            peers = Rect(x: area.x, y: area.y, width: 0, height: 0)
            received = peers
            replies = peers
            footer = peers
        }
    }

    /// The rows a pane shows its lines in.
    public func rect(of pane: ServerPane) -> Rect {
        switch pane {
        case .peers: peers
        case .received: received
        case .replies: replies
        }
    }
}

/// The three panes of the server screen, in Tab order.
public enum ServerPane: Int, CaseIterable, Sendable {
    case peers
    case received
    case replies

    /// The pane's title.
    public var title: String {
        switch self {
        case .peers: "Peers"
        case .received: "Received"
        case .replies: "Replies sent"
        }
    }

    /// The next pane (Tab), or the previous one (Shift-Tab).
    public func next(backwards: Bool = false) -> ServerPane {
        let count = Self.allCases.count
        return ServerPane(rawValue: (rawValue + (backwards ? count - 1 : 1)) % count) ?? .received
    }
}
