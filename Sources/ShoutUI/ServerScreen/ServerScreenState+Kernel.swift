import FoundationEssentials
import ShoutCore

/// When the screen asks the server for the kernel's view of its TCP connections (`TCP_INFO`), and of which: about
/// once a second, only while the Peers pane is on the screen and not paused, and only for the connections it shows,
/// so a hidden or frozen pane costs the server nothing and a full one a few system calls.
extension ServerScreenState {
    /// How often the kernel's view is asked for while the Peers pane shows.
    public static let kernelViewInterval: TimeInterval = 1

    /// Whether the Peers pane is drawn: always in the full layout, in the compact one while it has the focus.
    public var showsPeers: Bool {
        switch layout.mode {
        case .full: true
        case .compact: focus == .peers
        case .tooSmall: false
        }
    }

    /// The Peers rows in a pane `height` rows tall, in order: from ``peerOffset`` on, and, when not every row fits,
    /// the peers before the listening sockets.
    func shownPeerRows(height: Int) -> [PeerRow] {
        var rows = shownPeers.rows
        if rows.count > height {
            let isListening: (PeerRow) -> Bool = { if case .listening = $0 { true } else { false } }
            rows = rows.filter { !isListening($0) } + rows.filter(isListening)
        }
        let offset = min(peerOffset, max(0, rows.count - height))
        return Array(rows.dropFirst(offset).prefix(max(0, height)))
    }

    /// The open connections on the Peers pane now, by id: the ones whose kernel view is asked for (a server may hold
    /// thousands; the pane shows a few).
    public var shownConnectionIDs: Set<Int> {
        guard showsPeers else { return [] }
        return Set(
            shownPeerRows(height: layout.rect(of: .peers).height).compactMap { row in
                guard case .tcp(let connection) = row, connection.closedAt == nil else { return nil }
                return connection.id
            }
        )
    }

    /// Whether to ask for the kernel's view now, when it was last asked for at `lastAsked` (nil: never): while the
    /// Peers pane shows live (not paused) open connections, once per ``kernelViewInterval``.
    public func kernelViewDue(lastAsked: Date?, now: Date) -> Bool {
        // The cheap tests first: this is asked every frame, and the rows shown are sorted from every peer.
        guard showsPeers, !isPaused, peers.openConnections > 0 else { return false }
        if let lastAsked, now >= lastAsked, now.timeIntervalSince(lastAsked) < Self.kernelViewInterval { return false }
        return !shownConnectionIDs.isEmpty
    }
}
