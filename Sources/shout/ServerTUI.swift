import FoundationEssentials
import ShoutCore
import ShoutServerNet
import ShoutUI
import ShoutWire

/// The server's live screen as a ``TerminalApp``: each frame it takes every waiting event in one batch (it never
/// wakes per datagram), reads the exact counters, applies keys, and draws only when something
/// visible changed. The demo hosts the same object in one half of its screen (``render(into:area:focused:ascii:)``).
///
/// Threads: ``TerminalRunner`` calls every method on its UI thread; the server only appends to its bounded event
/// channel and bumps atomics, so the network path never waits for the screen. The kernel's view of the connections
/// (`TCP_INFO`) is asked of the TCP loop about once a second while the Peers pane shows, for the connections it shows,
/// and read from its snapshot. An impairment key changes the screen's
/// impairments and stores them into the server's once (``LiveImpairments``); the UDP loop reads them once a batch.
final class ServerTUI: DemoHalf {
    private let server: ShoutServer
    private let wire: WireCapture?
    private var state: ServerScreenState
    /// When the kernel's view of the connections was last asked for (nil: never).
    private var kernelAskedAt: Date?
    /// The number of the kernel's view last taken.
    private var kernelGeneration = 0

    /// `wire` is the capture of `--wire`; without one, `wireProblem` is why (what the Wire pane then says).
    init(server: ShoutServer, info: ServerScreenInfo, wire: WireCapture? = nil, wireProblem: String? = nil) {
        self.server = server
        self.wire = wire
        state = ServerScreenState(info: info, impairments: server.impairments.current)
        if wire != nil {
            state.wireAbsence = nil
        } else if let wireProblem {
            state.wireAbsence = wireProblem
        }
    }

    /// Puts a mark made on the demo's other half into both traffic panes.
    func mark(_ text: String, now: Date) {
        state.apply(.mark(text))
    }

    /// Adds a line from the program to the Received pane (a port it had to change, say).
    func note(_ text: String) {
        state.note(text, at: Date())
    }

    func frame(keys: [Key], now: Date) -> ScreenFrame {
        var frame = ScreenFrame()
        let batch = server.events.drain()
        state.apply(.events(batch.events, dropped: batch.dropped))
        if let wire {
            let segments = wire.records.drain()
            state.apply(.wire(segments.events, missed: segments.dropped))
            frame.segments = segments.events
        }
        state.apply(.counters(server.counters.snapshot, at: Moment(date: now)))
        if let inspection = server.connectionInspection {
            // The TCP loop reads TCP_INFO on its own thread when asked; the answer shows in a later frame.
            if let snapshot = inspection.snapshot(after: kernelGeneration) {
                kernelGeneration = snapshot.generation
                state.apply(.kernelView(snapshot.view))
            }
            if state.kernelViewDue(lastAsked: kernelAskedAt, now: now) {
                inspection.request(state.shownConnectionIDs)
                kernelAskedAt = now
            }
        }
        for key in keys {
            for effect in state.apply(.key(key)) {
                switch effect {
                case .quit:
                    frame.goesOn = false
                    return frame
                case .setImpairments(let impairments):
                    server.impairments.set(impairments)
                case .marked(let label):
                    frame.marks.append(label)
                }
            }
        }
        return frame
    }

    var needsRender: Bool { state.needsRender }

    func resize(width: Int, height: Int) {
        state.apply(.resize(width: width, height: height))
    }

    func render(into buffer: inout ScreenBuffer, ascii: Bool) {
        render(into: &buffer, area: buffer.bounds, focused: true, ascii: ascii)
    }

    /// Draws the screen into `area` of `buffer` (the demo's server half, laid out by `resize` to its size);
    /// `focused` says whether it has the keys.
    func render(into buffer: inout ScreenBuffer, area: Rect, focused: Bool, ascii: Bool) {
        ServerScreenRenderer.render(state, into: &buffer, area: area, focused: focused, ascii: ascii)
        state.markRendered()
    }

    /// Nothing to add: the command prints the summary once the server has stopped, so its totals are final.
    func finish() {}
}
