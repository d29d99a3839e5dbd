import FoundationEssentials

/// The UI loop of a full-screen program, on the thread that owns the terminal: polls keys for up to one frame, hands
/// every key that came in that time to the app in one batch, steps it, and draws only when something changed (the
/// app says so, the terminal was resized, or it was suspended and resumed). Ctrl-Z or a suspend request gives the
/// terminal back, suspends the process, and takes the terminal again. Pure of any particular terminal: the backend
/// is passed in, and so are the clock and what suspending the process means.
public struct TerminalLoop {
    /// Milliseconds between frames (~30 frames a second).
    public static let frameMilliseconds = 33

    /// Frames in a row drawn for the app's own changes (no key, no resize) after which the screen counts as flooded:
    /// about a third of a second of traffic that changes every frame.
    public static let floodFrames = 10

    /// Milliseconds between frames while flooded (three frames: 10 a second): lines scrolling faster than that are
    /// not read, and every frame costs the core that the server shares with its screen. A key, a resize or a resume
    /// is drawn at once, flooded or not; one frame without a change ends the flood.
    public static let floodFrameMilliseconds = 3 * frameMilliseconds

    let app: any TerminalApp
    let backend: any TerminalBackend
    let signals: TerminalSignals
    /// Stops the process until it is continued (SIGSTOP); a test passes something that records it.
    let suspendProcess: () -> Void
    /// The time for each step.
    let now: () -> Date
    /// Called after each frame drawn (a test hook of the program's own).
    let afterDraw: () -> Void

    public init(
        app: any TerminalApp,
        backend: any TerminalBackend,
        signals: TerminalSignals,
        suspendProcess: @escaping () -> Void,
        now: @escaping () -> Date = Date.init,
        afterDraw: @escaping () -> Void = {}
    ) {
        self.app = app
        self.backend = backend
        self.signals = signals
        self.suspendProcess = suspendProcess
        self.now = now
        self.afterDraw = afterDraw
    }

    /// Runs until the app quits or `signals.quit` is set. The backend must have been started.
    public func run() {
        var lastSize = (width: 0, height: 0)
        var mustDraw = true
        var pacing = FramePacing()
        while !signals.quit.load(ordering: .relaxed) {
            var keys = backend.pollKeys(timeoutMilliseconds: pacing.pollMilliseconds(at: now()))
            if signals.suspend.exchange(false, ordering: .relaxed) || keys.contains(.control("z")) {
                keys.removeAll { $0 == .control("z") }
                suspend()
                mustDraw = true
            }
            if signals.resumed.exchange(false, ordering: .relaxed) {
                backend.forceRedraw()
                mustDraw = true
            }
            let time = now()
            guard app.step(keys: keys, now: time) else { break }
            let size = backend.size()
            if size != lastSize || keys.contains(.resize) {
                lastSize = size
                app.resize(width: size.width, height: size.height)
                mustDraw = true
            }
            guard mustDraw || app.needsRender else {
                pacing.idle()
                continue
            }
            let prompted = mustDraw || !keys.isEmpty
            guard pacing.draws(prompted: prompted, at: time) else { continue }
            var buffer = ScreenBuffer(width: size.width, height: size.height)
            app.render(into: &buffer, ascii: !backend.isUTF8)
            backend.draw(buffer)
            mustDraw = false
            afterDraw()
        }
    }

    /// When a change is drawn: at once while the screen is calm or a person prompted it, at most every
    /// ``floodFrameMilliseconds`` while flooded (see ``floodFrames``; a key drawn at once does not end the flood).
    /// A change not drawn waits for the next frame. While flooded the loop also waits for keys until the next
    /// frame is due, so it wakes (and steps the app through the events that came) once a flooded frame, not
    /// three times; a key still ends the wait at once.
    struct FramePacing {
        private var unpromptedFrames = 0
        private var lastDraw = Date.distantPast

        private var isFlooded: Bool { unpromptedFrames >= TerminalLoop.floodFrames }

        /// A frame in which nothing changed: the flood, if any, is over.
        mutating func idle() { unpromptedFrames = 0 }

        /// How long to wait for keys from `time`: a frame, or while flooded until the next flooded frame is due.
        func pollMilliseconds(at time: Date) -> Int {
            guard isFlooded else { return TerminalLoop.frameMilliseconds }
            let due = Double(TerminalLoop.floodFrameMilliseconds) - time.timeIntervalSince(lastDraw) * 1000
            return min(TerminalLoop.floodFrameMilliseconds, max(1, Int(due.rounded(.up))))
        }

        /// Whether to draw a change now; if so, counts the frame.
        mutating func draws(prompted: Bool, at time: Date) -> Bool {
            let flooded = !prompted && isFlooded
            // (Half a millisecond of slack: a poll that ends a hair early still makes its frame.)
            if flooded && time.timeIntervalSince(lastDraw) * 1000 + 0.5 < Double(TerminalLoop.floodFrameMilliseconds) {
                return false
            }
            if !prompted { unpromptedFrames += 1 }
            lastDraw = time
            return true
        }
    }

    /// Restores the terminal, stops the process until it is continued, then takes the terminal back.
    private func suspend() {
        backend.stop()
        suspendProcess()
        try? backend.start()
        backend.forceRedraw()
    }
}
