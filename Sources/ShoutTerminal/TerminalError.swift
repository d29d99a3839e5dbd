/// Why the terminal could not be taken over; `description` is a sentence to show the user.
public struct TerminalError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Code: Equatable, Sendable {
        case notATerminal
        case noTerminalType
        case unknownTerminalType(String)
        case noThread
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// Standard input or output is not a terminal.
    public static let notATerminal = TerminalError(.notATerminal)
    /// `TERM` is unset or empty.
    public static let noTerminalType = TerminalError(.noTerminalType)
    /// terminfo has no entry for `TERM`.
    public static func unknownTerminalType(_ name: String) -> TerminalError {
        TerminalError(.unknownTerminalType(name))
    }

    /// The system started no thread for the screen (a limit on threads or processes was reached).
    public static let noThread = TerminalError(.noThread)

    /// The sentence to show the user.
    public var description: String {
        switch code {
        case .notATerminal:
            return "The full-screen interface needs a terminal, but standard input or output is not one."
        case .noTerminalType:
            return "The TERM environment variable is not set, so the terminal type is unknown; "
                + "set it, for example TERM=xterm-256color."
        case .unknownTerminalType(let name):
            return "The terminal type \"\(name)\" (from TERM) is not in this system's terminfo database; "
                + "try TERM=xterm-256color."
        case .noThread:
            return "The screen could not start: the system would not start another thread (ulimit -u?)."
        }
    }
}
