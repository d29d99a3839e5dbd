import FoundationEssentials
import ShoutCore

/// What a Peers row says of an open connection from the kernel's view (`TCP_INFO`), once the server has read it: the
/// kernel's name for its state where the row said `connected` (`ESTABLISHED 00:00:12`; `CLOSE_WAIT` while the peer
/// has closed its side and the server has not closed yet), and its figures after the counts, `rtt 42 µs · retrans 0`,
/// as `ss -ti` names them.
extension ServerScreenRenderer {
    /// Each row's parts (``peerParts(_:now:dot:ascii:level:)``) at the fullest detail level at which every row's
    /// peer, state and counts fit whole with a connection's kernel figures after them (they tell more than the
    /// server's own end, which every row shares); where no level leaves room for the figures, at the fullest at which
    /// the rest fits (the figures then show as far as they fit).
    static func fittedPeerParts(
        _ rows: [PeerRow],
        now: Date,
        dot: String,
        ascii: Bool,
        width: Int
    ) -> [(columns: [String], extras: [[String]])] {
        let kept = rows.map { kernelWidth($0, dot: dot, ascii: ascii) }
        var fallback: [(columns: [String], extras: [[String]])]?
        var parts: [(columns: [String], extras: [[String]])] = []
        for level in peerDetailLevels {
            parts = rows.map { peerParts($0, now: now, dot: dot, ascii: ascii, level: level) }
            let widths = peerLines(rows, parts).map { DisplayWidth.of(trimmedAtEnd($0)) }
            if zip(widths, kept).allSatisfy({ $0 + $1 <= width }) { return parts }
            if fallback == nil, widths.allSatisfy({ $0 <= width }) { fallback = parts }
        }
        return fallback ?? parts
    }

    /// The columns an open connection's kernel figures take after its counts (none for other rows, or before the
    /// kernel was asked): the Peers pane's detail level is chosen so that they fit whole.
    static func kernelWidth(_ row: PeerRow, dot: String, ascii: Bool) -> Int {
        guard case .tcp(let connection) = row, connection.closedAt == nil, let info = connection.kernel else {
            return 0
        }
        return DisplayWidth.of("  " + info.figures(ascii: ascii).joined(separator: dot))
    }
}
