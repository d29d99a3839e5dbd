/// Which half of the demo screen has the keyboard.
public enum DemoFocus: Sendable, Equatable {
    /// The client (left, or top): keys edit and send lines.
    case client
    /// The server (right, or bottom): keys scroll, pause, mark, filter and impair.
    case server

    /// The other half (F6, Ctrl-O).
    public var toggled: DemoFocus { self == .client ? .server : .client }

    /// Whether `key` moves the keyboard to the other half.
    public static func isSwitchKey(_ key: Key) -> Bool { key == .function(6) || key == .control("o") }
}
