/// Which keys of one frame go to which half of the demo screen: F6 and Ctrl-O move the keyboard (and go to
/// neither half), Ctrl-C leaves from anywhere, a resize goes to both, every other key goes to the focused half.
public struct DemoKeyRouting: Equatable, Sendable {
    /// The focus after the keys.
    public var focus: DemoFocus
    /// Keys for the client half, in order.
    public var client: [Key] = []
    /// Keys for the server half, in order.
    public var server: [Key] = []
    /// Whether Ctrl-C asked to leave (keys after it are not routed).
    public var quit = false
    /// Whether the focus moved at least once.
    public var focusChanged = false

    /// Routes `keys`, starting with `focus` on one half.
    public init(keys: [Key], focus: DemoFocus) {
        self.focus = focus
        for key in keys {
            if key == .control("c") {
                quit = true
                return
            }
            if DemoFocus.isSwitchKey(key) {
                self.focus = self.focus.toggled
                focusChanged = true
            } else if key == .resize {
                client.append(key)
                server.append(key)
            } else if self.focus == .client {
                client.append(key)
            } else {
                server.append(key)
            }
        }
    }
}
