import Foundation
import Testing

/// The client against a server that sends escape sequences, invalid UTF-8, a 60,000-byte reply and a line that
/// never ends: nothing reaches the terminal unescaped, and the client goes on.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HostilePeerTests {
    @Test("the client TUI shows hostile replies as visible escapes; the title and screen are untouched")
    func clientTUI() async throws {
        try await TextbookServerProcess.with("hostile_server.py") { port in
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("shout-\(UUID().uuidString)")
            try await TmuxSession.with(environment: ["XDG_STATE_HOME": state.path]) { session, _ in
                let title = try await session.tmux(["display-message", "-p", "-t", "shout", "#{pane_title}"])
                try await session.run("shout client 127.0.0.1 --port \(port)")
                try await session.waitFor(text: "udp>")
                try await session.type("hi")
                try await session.press("Enter")
                let screen = try await session.waitFor(text: "CLEARED")
                let text = screen.joined(separator: "\n")
                #expect(text.contains("\\x1b]0;pwned\\x07TITLE"))
                #expect(text.contains("\\x1b[2JCLEARED"))
                #expect(text.contains("bad \u{FFFD}\u{FFFD} utf8"))
                #expect(text.contains("c1 \\x9b31m"))
                #expect(text.contains("BBBBBBBB"))
                #expect(try await session.tmux(["display-message", "-p", "-t", "shout", "#{pane_title}"]) == title)
                // Over TCP the server then sends a line that never ends; the client stays responsive.
                try await session.press("F2")
                try await session.waitFor(text: "tcp>")
                try await session.type("again")
                try await session.press("Enter")
                try await session.waitFor(text: "xxxxxxxx")
                try await session.type("still typing")
                try await session.waitFor(text: "tcp> still typing")
                try await session.press("C-c")
                try await session.waitFor { $0.last(where: { !$0.isEmpty })?.hasPrefix("$") == true }
                #expect(try await session.tmux(["display-message", "-p", "-t", "shout", "#{pane_title}"]) == title)
            }
        }
    }

    @Test("plain mode passes reply bytes through to a pipe, byte for byte, and escapes them on a terminal")
    func plainMode() async throws {
        try await TextbookServerProcess.with("hostile_server.py") { port in
            let piped = try await ProcessRunner.shout(
                ["client", "127.0.0.1", "--port", "\(port)", "--plain", "--timeout", "0.5"],
                input: "hi\n"
            )
            #expect(piped.output.starts(with: Array("\u{1b}]0;pwned\u{07}TITLE\n".utf8)), "\(piped.text.prefix(40))")
            try await TmuxSession.with { session, _ in
                try await session.run("echo hi | shout client 127.0.0.1 --port \(port) --plain; echo FIN\"\"ISHED")
                let screen = try await session.waitFor(text: "FINISHED")
                #expect(screen.contains { $0.contains("\\x1b]0;pwned\\x07TITLE") })
            }
        }
    }
}
