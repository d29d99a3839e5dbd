import Foundation
import Testing

@testable import ShoutUI

/// The UI loop driven through a recording terminal: frame pacing, key batching, resizing, suspend and resume,
/// without tmux.
@Suite("Terminal loop")
struct TerminalLoopTests {
    /// A terminal that plays a script, one entry per poll, and writes down what the loop did with it.
    final class RecordingBackend: TerminalBackend {
        struct Poll {
            var keys: [Key] = []
            var size = (width: 20, height: 3)
            /// Something the outside world does during this poll (a signal).
            var during: (TerminalSignals) -> Void = { _ in }
        }

        var isUTF8 = true
        var script: [Poll]
        let signals: TerminalSignals
        private(set) var log: [String] = []
        private(set) var polls = 0
        private(set) var timeouts: [Int] = []
        private var current = Poll()

        init(_ script: [Poll], signals: TerminalSignals) {
            self.script = script
            self.signals = signals
        }

        func start() throws { log.append("start") }
        func stop() { log.append("stop") }
        func forceRedraw() { log.append("redraw all") }
        func size() -> (width: Int, height: Int) { current.size }
        func draw(_ buffer: ScreenBuffer) {
            log.append("draw \(buffer.width)x\(buffer.height) \(buffer.line(0))")
            drawnAfterPolls.append(polls)
        }

        /// For each frame drawn, how many polls had been made by then.
        private(set) var drawnAfterPolls: [Int] = []

        /// What a poll does to the time: given its timeout and the keys it returns.
        var elapse: (Int, [Key]) -> Void = { _, _ in }

        func pollKeys(timeoutMilliseconds: Int) -> [Key] {
            timeouts.append(timeoutMilliseconds)
            guard polls < script.count else {
                signals.quit.store(true, ordering: .relaxed)
                return []
            }
            current = script[polls]
            polls += 1
            current.during(signals)
            elapse(timeoutMilliseconds, current.keys)
            return current.keys
        }
    }

    /// An app that counts its steps and changes when told to.
    final class RecordingApp: TerminalApp {
        private(set) var steps: [[Key]] = []
        var changesOn: Set<Int> = []
        var quitsOn: Int?
        private var frame = 0
        private var changed = false

        func step(keys: [Key], now: Date) -> Bool {
            steps.append(keys)
            // A change stays to be drawn until a frame shows it, as the real screens' states keep it.
            changed = changed || changesOn.contains(steps.count)
            return quitsOn != steps.count
        }

        var needsRender: Bool { changed }

        private(set) var sizes: [String] = []

        func resize(width: Int, height: Int) { sizes.append("\(width)x\(height)") }

        func render(into buffer: inout ScreenBuffer, ascii: Bool) {
            frame += 1
            changed = false
            buffer.put("frame \(frame)\(ascii ? " ascii" : "")", x: 0, y: 0)
        }

        func finish() {}
    }

    static func run(
        _ script: [RecordingBackend.Poll],
        app: RecordingApp,
        now: @escaping () -> Date = Date.init
    ) -> (RecordingBackend, suspended: Int) {
        let signals = TerminalSignals()
        let backend = RecordingBackend(script, signals: signals)
        var suspended = 0
        TerminalLoop(app: app, backend: backend, signals: signals, suspendProcess: { suspended += 1 }, now: now).run()
        return (backend, suspended)
    }

    @Test(
        "under a flood (a change every frame) frames come every 99 ms and the loop wakes once a frame; a key is drawn at once; calm ends the flood"
    )
    func floodPacing() {
        let app = RecordingApp()
        // 30 polls with a change after each, a key at poll 20, then 5 calm polls, then a change again.
        app.changesOn = Set(1...30).union([36])
        let clock = FrameClock()
        var script = [RecordingBackend.Poll](repeating: .init(), count: 37)
        script[19].keys = [.character("k")]
        let signals = TerminalSignals()
        let backend = RecordingBackend(script, signals: signals)
        // A poll lasts its whole timeout, unless a key ends it early.
        backend.elapse = { timeout, keys in clock.advance(milliseconds: keys.isEmpty ? timeout : 5) }
        var drawTimes: [Double] = []
        TerminalLoop(
            app: app,
            backend: backend,
            signals: signals,
            suspendProcess: {},
            now: { clock.now },
            afterDraw: { drawTimes.append(clock.milliseconds) }
        ).run()
        let drawnSteps = backend.drawnAfterPolls
        // Steps 1-11 each drawn, a frame apart: the first frame, then ten for the app's own changes, after which
        // the screen counts as flooded.
        #expect(Array(drawnSteps.prefix(11)) == Array(1...11), "\(drawnSteps)")
        #expect(backend.timeouts.prefix(11).allSatisfy { $0 == TerminalLoop.frameMilliseconds })
        // Flooded: each wait lasts until the next frame is due, and every step is drawn 99 ms after the last
        // frame, except the key's, drawn at once.
        let keyPoll = 20
        let flooded = drawnSteps.filter { $0 > 11 && $0 <= 30 }
        #expect(flooded == Array(12...30), "one poll a frame, each drawn: \(drawnSteps)")
        #expect(backend.timeouts[11..<30].allSatisfy { $0 > TerminalLoop.frameMilliseconds }, "\(backend.timeouts)")
        for (index, step) in drawnSteps.enumerated() where step > 11 && step <= 30 && step != keyPoll {
            let gap = drawTimes[index] - drawTimes[index - 1]
            #expect(gap >= Double(TerminalLoop.floodFrameMilliseconds) - 0.5, "step \(step): \(gap) ms")
        }
        let keyDraw = drawnSteps.firstIndex(of: keyPoll).map { drawTimes[$0] - drawTimes[$0 - 1] }
        #expect(keyDraw.map { $0 < Double(TerminalLoop.frameMilliseconds) } == true, "the key is drawn at once")
        // After the calm polls (a frame's wait each again) the next change is drawn at once.
        #expect(backend.timeouts[31..<36].allSatisfy { $0 == TerminalLoop.frameMilliseconds }, "\(backend.timeouts)")
        #expect(drawnSteps.last == 36, "\(drawnSteps)")
    }

    /// A clock that the polls move on.
    final class FrameClock: @unchecked Sendable {
        private(set) var milliseconds = 0.0
        var now: Date { Date(timeIntervalSince1970: milliseconds / 1000) }
        func advance(milliseconds: Int) { self.milliseconds += Double(milliseconds) }
    }

    @Test("every key of a poll reaches the app in one step; a frame is drawn only when something changed")
    func batchingAndPacing() {
        let app = RecordingApp()
        app.changesOn = [3]
        let typed: [Key] = [.character("a"), .character("b"), .enter]
        let (backend, _) = Self.run([.init(), .init(keys: typed), .init(), .init(), .init()], app: app)
        // (The last step is the one after the poll in which the script ran out and asked the loop to quit.)
        #expect(app.steps == [[], typed, [], [], [], []])
        // The first frame, then only the step after which the app changed.
        #expect(backend.log == ["draw 20x3 frame 1", "draw 20x3 frame 2"])
        #expect(Set(backend.timeouts) == [TerminalLoop.frameMilliseconds])
    }

    @Test("a resize draws a frame of the new size, though the app did not change")
    func resize() {
        let app = RecordingApp()
        let (backend, _) = Self.run(
            [.init(), .init(size: (30, 5)), .init(size: (30, 5)), .init(keys: [.resize], size: (30, 5))],
            app: app
        )
        #expect(backend.log == ["draw 20x3 frame 1", "draw 30x5 frame 2", "draw 30x5 frame 3"])
        // The app is told each new size before the frame that shows it, and laid out nowhere else.
        #expect(app.sizes == ["20x3", "30x5", "30x5"])
    }

    @Test("Ctrl-Z gives the terminal back, suspends, takes it again and redraws; the app never sees Ctrl-Z")
    func suspendAndResume() {
        let app = RecordingApp()
        let (backend, suspended) = Self.run(
            [
                .init(), .init(keys: [.character("x"), .control("z")]),
                .init(during: { $0.suspend.store(true, ordering: .relaxed) }),
                .init(during: { $0.resumed.store(true, ordering: .relaxed) }),
            ],
            app: app
        )
        #expect(suspended == 2)
        #expect(app.steps == [[], [.character("x")], [], [], []])
        #expect(
            backend.log == [
                "draw 20x3 frame 1",
                "stop", "start", "redraw all", "draw 20x3 frame 2",
                "stop", "start", "redraw all", "draw 20x3 frame 3",
                "redraw all", "draw 20x3 frame 4",
            ]
        )
    }

    @Test("the loop ends when the app quits, or when asked to from outside, without another step")
    func quitting() {
        let app = RecordingApp()
        app.quitsOn = 2
        let (backend, _) = Self.run([.init(), .init(), .init()], app: app)
        #expect(app.steps.count == 2)
        #expect(backend.polls == 2)
        let other = RecordingApp()
        let (outside, _) = Self.run(
            [.init(), .init(during: { $0.quit.store(true, ordering: .relaxed) }), .init()],
            app: other
        )
        #expect(other.steps.count == 2)
        #expect(outside.polls == 2)
    }

    @Test("without UTF-8 the app is asked for ASCII")
    func ascii() {
        let app = RecordingApp()
        let signals = TerminalSignals()
        let backend = RecordingBackend([.init()], signals: signals)
        backend.isUTF8 = false
        TerminalLoop(app: app, backend: backend, signals: signals, suspendProcess: {}).run()
        #expect(backend.log == ["draw 20x3 frame 1 ascii"])
    }
}
