import Foundation
import ShoutUI

/// `shout demo`'s screen: the client's and the server's own screens composed into one frame, client left and server
/// right (stacked on a narrow terminal), with a bar naming the half that has the keyboard.
///
/// Both halves are the standalone programs' objects, not copies: ``ClientTUI`` (its sockets, history and effects)
/// paints into a buffer the size of its half, which is copied into the frame; ``ServerTUI`` paints straight into its
/// half. Keys are routed by ``DemoKeyRouting``. Threads: everything runs on ``TerminalRunner``'s UI thread.
final class DemoTUI: TerminalApp {
    private let client: ClientTUI
    private let server: ServerTUI
    private let barNote: String?
    private var focus = DemoFocus.client
    private var frameChanged = true

    /// A demo of `client` talking to `server`; `barNote` (a port that had to change, in a few words) shows in the
    /// bar beside the title when there is room.
    init(client: ClientTUI, server: ServerTUI, barNote: String?) {
        self.client = client
        self.server = server
        self.barNote = barNote
    }

    func step(keys: [Key], now: Date) -> Bool {
        let routing = DemoKeyRouting(keys: keys, focus: focus)
        if routing.focusChanged {
            focus = routing.focus
            frameChanged = true
        }
        // Both halves step every frame: the client's timeouts and the server's panes go on behind the other one.
        let clientMarks = client.marks.count
        let serverMarks = server.marks.count
        let serverGoesOn = server.step(keys: routing.server, now: now)
        let clientGoesOn = client.step(keys: routing.client, now: now)
        // A mark made on one half shows on both, so the class sees the same divider in both places.
        let clientMarked = client.marks.count > clientMarks
        let serverMarked = server.marks.count > serverMarks
        if clientMarked { server.mark(client.marks.lastText) }
        if serverMarked { client.mark(server.marks.lastLabel, now: now) }
        return !routing.quit && serverGoesOn && clientGoesOn
    }

    var needsRender: Bool { frameChanged || client.needsRender || server.needsRender }

    func render(into buffer: inout ScreenBuffer, ascii: Bool) {
        let layout = DemoLayout(area: buffer.bounds, focus: focus)
        buffer.cursor = nil
        if !layout.client.isEmpty {
            var half = ScreenBuffer(width: layout.client.width, height: layout.client.height)
            client.render(into: &half, ascii: ascii)
            buffer.draw(half, atX: layout.client.x, y: layout.client.y)
            if focus == .client {
                buffer.cursor = ScreenBuffer.cursor(of: half, atX: layout.client.x, y: layout.client.y)
            }
        }
        if !layout.server.isEmpty {
            let saved = buffer.cursor
            server.render(into: &buffer, area: layout.server, focused: focus == .server, ascii: ascii)
            if focus == .client { buffer.cursor = saved }
        }
        DemoBar.render(layout, focus: focus, ascii: ascii, note: barNote, into: &buffer)
        frameChanged = false
    }

    func finish() {
        client.finish()
        server.finish()
    }
}
