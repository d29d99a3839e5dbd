/// What one frame of a screen brought that the rest of the program may need: whether the screen goes on, and the
/// marks the user put in it (its state's `.marked` effects).
struct ScreenFrame {
    /// False once the user asked to quit.
    var goesOn = true
    /// The marks put in this frame, oldest first.
    var marks: [String] = []
}
