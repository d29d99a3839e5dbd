import ShoutCore
import Testing

@testable import ShoutUI

@Suite("Client command lines")
struct ClientCommandLineTests {
    @Test(
        "lines and commands parse",
        arguments: [
            ("hello", ClientCommandLine.send("hello")),
            ("//etc/passwd", .send("/etc/passwd")),
            ("/udp", .transport(.udp)),
            ("/TCP", .transport(.tcp)),
            ("/connect example.org", .connect(Endpoint(host: "example.org", port: 12000))),
            ("/connect 10.0.0.5:7000", .connect(Endpoint(host: "10.0.0.5", port: 7000))),
            ("/connect [::1]:12001", .connect(Endpoint(host: "::1", port: 12001))),
            ("/connect  ::1 ", .connect(Endpoint(host: "::1", port: 12000))),
            ("/timeout 0.25", .timeout(.milliseconds(250))),
            ("/timeout 2", .timeout(.seconds(2))),
            ("/clear", .clear),
            ("/save /tmp/t.txt", .save("/tmp/t.txt")),
            ("/save my notes.txt", .save("my notes.txt")),
            ("/mark round two", .mark("round two")),
            ("/help", .help),
            ("/quit", .quit),
            ("/ping", .ping(10)),
            ("/ping 3", .ping(3)),
        ]
    )
    func parses(line: String, expected: ClientCommandLine) {
        #expect(ClientCommandLine.parse(line, defaultPort: 12000) == expected)
    }

    @Test(
        "bad commands and arguments get a one-line explanation",
        arguments: [
            ("/frobnicate", "unknown command /frobnicate; /help lists the commands"),
            ("/connect", "/connect needs a server: /connect HOST[:PORT]"),
            ("/connect host:99999", "'host:99999' names port 99999; a port must be from 1 to 65535"),
            ("/connect localhost:0", "'localhost:0' names port 0; a port must be from 1 to 65535"),
            ("/connect [::1]:x", "'[::1]:x': 'x' is not a port number; a port must be from 1 to 65535"),
            ("/connect a b", "'a b' is not HOST, HOST:PORT or [IPv6]:PORT"),
            ("/connect [::1", "'[::1' is not HOST, HOST:PORT or [IPv6]:PORT"),
            ("/timeout", "/timeout needs a number of seconds above 0 and at most 3600, such as /timeout 0.5"),
            ("/timeout -1", "/timeout needs a number of seconds above 0 and at most 3600, such as /timeout 0.5"),
            ("/timeout 0", "/timeout needs a number of seconds above 0 and at most 3600, such as /timeout 0.5"),
            ("/timeout nan", "/timeout needs a number of seconds above 0 and at most 3600, such as /timeout 0.5"),
            ("/timeout 99999", "/timeout needs a number of seconds above 0 and at most 3600, such as /timeout 0.5"),
            ("/udp now", "/udp takes no argument"),
            ("/save", "/save needs a file name: /save FILE"),
            ("/ping 0", "/ping takes a number of pings from 1 to 1000, such as /ping 10"),
            ("/ping many", "/ping takes a number of pings from 1 to 1000, such as /ping 10"),
        ]
    )
    func rejects(line: String, message: String) {
        #expect(ClientCommandLine.parse(line, defaultPort: 12000) == .invalid(message))
    }

    @Test("/connect lines never belong in the history")
    func history() {
        #expect(!ClientCommandLine.belongsInHistory("/connect user:secret@host"))
        #expect(!ClientCommandLine.belongsInHistory("/CONNECT host"))
        #expect(ClientCommandLine.belongsInHistory("connect me"))
        #expect(ClientCommandLine.belongsInHistory("/tcp"))
    }
}
