import Testing

@testable import ShoutUI

/// `shout demo`'s composition: where the halves go at each size, which half gets which key, and the bar.
@Suite("Demo layout")
struct DemoLayoutTests {
    @Test("wide: client left, server right, under a one-row bar")
    func wide() {
        let layout = DemoLayout(area: Rect(x: 0, y: 0, width: 120, height: 35), focus: .client)
        #expect(layout.arrangement == .sideBySide)
        #expect(layout.bar == Rect(x: 0, y: 0, width: 120, height: 1))
        #expect(layout.client == Rect(x: 0, y: 1, width: 60, height: 34))
        #expect(layout.server == Rect(x: 60, y: 1, width: 60, height: 34))
        let odd = DemoLayout(area: Rect(x: 0, y: 0, width: 101, height: 20), focus: .server)
        #expect(odd.client.width == 50 && odd.server.width == 51 && odd.server.maxX == 101)
    }

    @Test("narrower than 100 columns: client above, server below, the server with the larger share")
    func narrow() {
        let layout = DemoLayout(area: Rect(x: 0, y: 0, width: 80, height: 24), focus: .client)
        #expect(layout.arrangement == .stacked)
        #expect(layout.client == Rect(x: 0, y: 1, width: 80, height: 9))
        #expect(layout.server == Rect(x: 0, y: 10, width: 80, height: 14))
        // The server half is tall enough for its full layout.
        #expect(ServerScreenLayout(area: layout.server).mode == .full)
        #expect(DemoLayout(area: Rect(x: 0, y: 0, width: 99, height: 40), focus: .client).arrangement == .stacked)
    }

    @Test(
        "with --wire, the client half shows its packets when tall enough: side by side at 120×35, not stacked at 80×24"
    )
    func clientSegments() {
        #expect(DemoLayout(area: Rect(x: 0, y: 0, width: 120, height: 35), focus: .client).clientShowsSegments)
        #expect(!DemoLayout(area: Rect(x: 0, y: 0, width: 80, height: 24), focus: .client).clientShowsSegments)
        #expect(!DemoLayout(area: Rect(x: 0, y: 0, width: 120, height: 16), focus: .client).clientShowsSegments)
        #expect(DemoLayout(area: Rect(x: 0, y: 0, width: 80, height: 44), focus: .client).clientShowsSegments)
    }

    @Test("tiny: only the focused half, so something usable still shows; nothing is ever outside the area")
    func tiny() {
        let small = Rect(x: 0, y: 0, width: 60, height: 12)
        let clientOnly = DemoLayout(area: small, focus: .client)
        #expect(clientOnly.arrangement == .focusedOnly)
        #expect(clientOnly.client == Rect(x: 0, y: 1, width: 60, height: 11) && clientOnly.server.isEmpty)
        let serverOnly = DemoLayout(area: small, focus: .server)
        #expect(serverOnly.server == Rect(x: 0, y: 1, width: 60, height: 11) && serverOnly.client.isEmpty)
        for width in [0, 1, 5, 39, 40, 99, 100, 200] {
            for height in [0, 1, 2, 10, 11, 17, 18, 60] {
                let area = Rect(x: 0, y: 0, width: width, height: height)
                for focus in [DemoFocus.client, .server] {
                    let layout = DemoLayout(area: area, focus: focus)
                    for rect in [layout.bar, layout.client, layout.server] where !rect.isEmpty {
                        #expect(rect.intersection(area) == rect)
                    }
                    #expect(layout.client.intersection(layout.server).isEmpty)
                    #expect(!layout.rect(of: focus).isEmpty || area.height < 2 || area.width == 0)
                }
            }
        }
    }

    @Test("F6 and Ctrl-O move the keyboard; other keys go to the focused half; Ctrl-C leaves from either")
    func focusMovement() {
        let keys: [Key] = [.character("a"), .function(6), .character("d"), .control("o"), .enter, .resize]
        let routing = DemoKeyRouting(keys: keys, focus: .client)
        #expect(routing.focus == .client && routing.focusChanged)
        #expect(routing.client == [.character("a"), .enter, .resize])
        #expect(routing.server == [.character("d"), .resize])
        #expect(!routing.quit)
        let toServer = DemoKeyRouting(keys: [.function(6)], focus: .client)
        #expect(toServer.focus == .server && toServer.client.isEmpty && toServer.server.isEmpty)
        let quit = DemoKeyRouting(keys: [.function(6), .control("c"), .character("x")], focus: .client)
        #expect(quit.quit && quit.server.isEmpty)
        #expect(!DemoKeyRouting(keys: [.function(2), .character("q")], focus: .client).quit)
    }

    @Test("the bar names both halves above them; the focused one stands out without colour")
    func bar() {
        var buffer = ScreenBuffer(width: 120, height: 3)
        let layout = DemoLayout(area: Rect(x: 0, y: 0, width: 120, height: 35), focus: .server)
        DemoBar.render(layout, focus: .server, ascii: false, into: &buffer)
        let line = buffer.line(0)
        #expect(line.hasPrefix(" client (F6)"))
        #expect(line.dropFirst(60).hasPrefix(" ▶ SERVER: keys here ◀ "))
        #expect(buffer[62, 0].style.reverse && buffer[62, 0].style.bold)
        #expect(!buffer[2, 0].style.reverse)
        var narrow = ScreenBuffer(width: 80, height: 1)
        DemoBar.render(
            DemoLayout(area: Rect(x: 0, y: 0, width: 80, height: 24), focus: .client),
            focus: .client,
            ascii: true,
            into: &narrow
        )
        #expect(narrow.line(0).hasPrefix(" >> CLIENT: keys here << (above)"))
    }

    @Test("a changed port's note never pushes the title out of the bar: both when they fit, else the title alone")
    func barNote() {
        var wide = ScreenBuffer(width: 120, height: 1)
        DemoBar.render(
            DemoLayout(area: Rect(x: 0, y: 0, width: 120, height: 35), focus: .client),
            focus: .client,
            ascii: false,
            note: "12000 taken → 40123",
            into: &wide
        )
        #expect(wide.line(0).hasPrefix(" ▶ CLIENT: keys here ◀  shout demo · 12000 taken → 40123"))
        var narrow = ScreenBuffer(width: 100, height: 1)
        DemoBar.render(
            DemoLayout(area: Rect(x: 0, y: 0, width: 100, height: 35), focus: .client),
            focus: .client,
            ascii: false,
            note: "12000 taken → 40123, and a long story",
            into: &narrow
        )
        #expect(narrow.line(0).hasPrefix(" ▶ CLIENT: keys here ◀  shout demo "))
        #expect(!narrow.line(0).contains("40123"))
    }

    @Test("a half painted into its own buffer is copied into the frame cell for cell, wide characters included")
    func compose() throws {
        var half = ScreenBuffer(width: 6, height: 2)
        half.put("日本x", x: 0, y: 0, style: CellStyle(role: .accent))
        half.put("ok", x: 1, y: 1)
        half.cursor = (3, 1)
        var frame = ScreenBuffer(width: 10, height: 3)
        frame.put("##########", x: 0, y: 0)
        frame.draw(half, atX: 4, y: 1)
        #expect(frame.lines == ["##########", "    日本x", "     ok"])
        #expect(frame[4, 1].style.role == .accent)
        let cursor = try #require(ScreenBuffer.cursor(of: half, atX: 4, y: 1))
        #expect(cursor.x == 7 && cursor.y == 2)
    }
}
