import ArgumentParser

/// The `shout` command: the textbook upper-casing exchange over UDP and TCP, made visible.
@main
struct Shout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A client sends a line, the server replies in upper case: over UDP or TCP, live.",
        discussion: """
            Compatible with the textbook programs (UDPClient, UDPServer, TCPClient, TCPServer, port 12000) \
            both ways, byte for byte.
            """,
        subcommands: [ServerCommand.self, ClientCommand.self, BenchCommand.self]
    )
}
