import FoundationEssentials
import ShoutCore

/// When the screen asks the server for the kernel's view of its TCP connections (`TCP_INFO`): about once a second,
/// and only while the Peers pane is on the screen and not paused, so a hidden or frozen pane costs the server
/// nothing.
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

    /// Whether to ask for the kernel's view now, when it was last asked for at `lastAsked` (nil: never): while the
    /// Peers pane shows live (not paused) connections, once per ``kernelViewInterval``.
    public func kernelViewDue(lastAsked: Date?, now: Date) -> Bool {
        guard showsPeers, !isPaused, peers.openConnections > 0 else { return false }
        guard let lastAsked else { return true }
        return now.timeIntervalSince(lastAsked) >= Self.kernelViewInterval || now < lastAsked
    }
}
