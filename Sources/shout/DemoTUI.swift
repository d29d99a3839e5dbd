import FoundationEssentials
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
    /// The terminal's size, for laying the halves out again when the focus moves (a small terminal shows one).
    private var size = (width: 0, height: 0)
    /// Whether the client's half is tall enough to show its own packets (with `--wire`).
    private var clientShowsSegments = false

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
            resize(width: size.width, height: size.height)
        }
        // Both halves step every frame: the client's timeouts and the server's panes go on behind the other one.
        let serverFrame = server.frame(keys: routing.server, now: now)
        // The demo's one capture is drained by the server's half; the client's half keeps its own packets when it is
        // tall enough for them beside its lines.
        if clientShowsSegments { client.wire(serverFrame.segments) }
        let clientFrame = client.frame(keys: routing.client, now: now)
        // A mark made on one half (its frame's marks) shows on both, so the class sees the same divider twice.
        for text in clientFrame.marks { server.mark(text, now: now) }
        for text in serverFrame.marks { client.mark(text, now: now) }
        return !routing.quit && serverFrame.goesOn && clientFrame.goesOn
    }

    var needsRender: Bool { frameChanged || client.needsRender || server.needsRender }

    func resize(width: Int, height: Int) {
        size = (width, height)
        let layout = DemoLayout(area: Rect(x: 0, y: 0, width: width, height: height), focus: focus)
        client.resize(width: layout.client.width, height: layout.client.height)
        clientShowsSegments = layout.clientShowsSegments
        server.resize(width: layout.server.width, height: layout.server.height)
        frameChanged = true
    }

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
