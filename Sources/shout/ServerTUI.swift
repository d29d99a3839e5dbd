import Foundation
import ShoutCore
import ShoutNet
import ShoutUI

/// The server's live screen as a ``TerminalApp``: each frame it takes every waiting event in one batch (it never
/// wakes per datagram), reads the exact counters and the impairments, applies keys, and draws only when something
/// visible changed.
///
/// Threads: ``TerminalRunner`` calls every method on its UI thread; the server only appends to its bounded event
/// channel and bumps atomics, so the network path never waits for the screen.
final class ServerTUI: TerminalApp {
    private let server: ShoutServer
    private var state: ServerScreenState

    init(server: ShoutServer, info: ServerScreenInfo) {
        self.server = server
        let current = server.impairments.current
        state = ServerScreenState(
            info: info,
            impairments: ImpairmentSettings(drop: current.drop, delay: current.delay, jitter: current.jitter))
    }

    func step(keys: [Key], now: Date) -> Bool {
        let batch = server.events.drain()
        state.apply(.events(batch.events, dropped: batch.dropped))
        state.apply(.counters(server.counters.snapshot, at: now))
        let current = server.impairments.current
        state.apply(.impairments(ImpairmentSettings(drop: current.drop, delay: current.delay, jitter: current.jitter)))
        for key in keys where state.apply(.key(key)).contains(.quit) {
            return false
        }
        return true
    }

    var needsRender: Bool { state.needsRender }

    func render(into buffer: inout ScreenBuffer, ascii: Bool) {
        state.apply(.resize(width: buffer.width, height: buffer.height))
        ServerScreenRenderer.render(state, into: &buffer, area: buffer.bounds, focused: true, ascii: ascii)
        state.markRendered()
    }

    /// Nothing to add: the command prints the summary once the server has stopped, so its totals are final.
    func finish() {}
}
