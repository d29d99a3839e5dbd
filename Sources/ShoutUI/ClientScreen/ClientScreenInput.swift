import ShoutCore

/// Everything that can happen to the client screen, as the server screen takes its own (``ServerScreenInput``):
/// `ClientScreenState.apply(_:at:)` takes one and returns effects.
public enum ClientScreenInput: Sendable {
    /// The first input: greets the user and opens the starting transport's socket.
    case start
    /// A key press.
    case key(Key)
    /// What socket `socket` (the number from its `.open` effect) reported.
    case report(ClientSocketReport, socket: Int)
    /// Time passed: lines whose timeout ran out are lost.
    case tick
    /// The area the screen is drawn into has this size (paging and scrolling follow it).
    case resize(width: Int, height: Int)
    /// A mark made elsewhere (the demo's other half): a divider and a record, and no `.marked` effect.
    case mark(String)
    /// A line from the host for the transcript (a saved file, a history problem, a port that had to change).
    case notice(String, isProblem: Bool)
    /// What the capture of `--wire` read since the last time (every packet of the server's port, oldest first), and
    /// how many packets it could not show; the screen keeps its own (``ClientScreenState/wire``).
    case wire([WireRecord], missed: Int)
}
