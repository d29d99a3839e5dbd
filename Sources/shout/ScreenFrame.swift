import ShoutCore

/// What one frame of a screen brought that the rest of the program may need: whether the screen goes on, the marks
/// the user put in it (its state's `.marked` effects), and the packets of `--wire` it took.
struct ScreenFrame {
    /// False once the user asked to quit.
    var goesOn = true
    /// The marks put in this frame, oldest first.
    var marks: [String] = []
    /// The capture's records the server's screen took in this frame (the demo's client half shows its own among them).
    var segments: [WireRecord] = []
}
