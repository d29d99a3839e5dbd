import FoundationEssentials
import ShoutCore

/// Everything that can change the server screen (the Elm shape: `state.apply(input) -> [effect]`).
public enum ServerScreenInput: Sendable {
    /// A key press.
    case key(Key)
    /// A batch of events from the server, and how many the channel dropped before them.
    case events([ServerEvent], dropped: Int)
    /// The exact counters at one moment.
    case counters(ServerCounters.Snapshot, at: Moment)
    /// The clock moved (uptime, "last seen" ages).
    case tick(Moment)
    /// The area the screen is drawn into changed size (keys scroll by its pane heights).
    case resize(width: Int, height: Int)
    /// The impairments changed.
    case impairments(Impairments)
    /// What the kernel says of the open TCP connections (`TCP_INFO`, by connection id), read by the server when
    /// asked (see ``ServerScreenState/kernelViewDue(lastAsked:now:)``).
    case kernelView([Int: TCPConnectionInfo])
    /// A batch of the capture's records (`--wire`), and how many packets it left out before them.
    case wire([WireRecord], missed: Int)
    /// A mark made elsewhere (the demo's other half): a divider in both traffic panes, and no `.marked` effect.
    case mark(String)
}

/// What the server screen asks the program to do.
public enum ServerScreenEffect: Sendable, Equatable {
    /// Leave: stop the server, restore the terminal, print the summary.
    case quit
    /// Change the server's impairments to these (`d`, `l`, `j`); the screen already shows them.
    case setImpairments(Impairments)
    /// The user put a mark with this label (`m`); the demo puts the same mark on its other half.
    case marked(String)
}
