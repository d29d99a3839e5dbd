import Foundation

/// The UI loop of a full-screen program, on the thread that owns the terminal: polls keys for up to one frame, hands
/// every key that came in that time to the app in one batch, steps it, and draws only when something changed (the
/// app says so, the terminal was resized, or it was suspended and resumed). Ctrl-Z or a suspend request gives the
/// terminal back, suspends the process, and takes the terminal again. Pure of any particular terminal: the backend
/// is passed in, and so are the clock and what suspending the process means.
public struct TerminalLoop {
    /// Milliseconds between frames (~30 frames a second).
    public static let frameMilliseconds = 33

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
        while !signals.quit.load(ordering: .relaxed) {
            var keys = backend.pollKeys(timeoutMilliseconds: Self.frameMilliseconds)
            if signals.suspend.exchange(false, ordering: .relaxed) || keys.contains(.control("z")) {
                keys.removeAll { $0 == .control("z") }
                suspend()
                mustDraw = true
            }
            if signals.resumed.exchange(false, ordering: .relaxed) {
                backend.forceRedraw()
                mustDraw = true
            }
            guard app.step(keys: keys, now: now()) else { break }
            let size = backend.size()
            if size != lastSize || keys.contains(.resize) {
                lastSize = size
                app.resize(width: size.width, height: size.height)
                mustDraw = true
            }
            if mustDraw || app.needsRender {
                var buffer = ScreenBuffer(width: size.width, height: size.height)
                app.render(into: &buffer, ascii: !backend.isUTF8)
                backend.draw(buffer)
                mustDraw = false
                afterDraw()
            }
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
