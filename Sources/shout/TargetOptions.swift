import ArgumentParser
import ShoutCore

/// The server a command talks to, the same for every command that talks to one (`client`, `bench`): the host
/// argument, which may name its port (`host:port`, `[v6]:port`), and `--port` for the rest.
struct TargetOptions: ParsableArguments {
    /// The host when none is given: the textbook programs' server on the same machine.
    static let defaultHost = "localhost"
    /// The ports a server can be on.
    static let validPorts = Endpoint.validPorts
    /// The port when none is given: the textbook programs' port.
    static let defaultPort = 12000

    @Argument(help: "The server: a name or an address, optionally with its port (host:port, [::1]:12000).")
    var host: String = TargetOptions.defaultHost

    @Option(parsing: .unconditional, help: "The server's port, when the host does not name one.")
    var port: Int = TargetOptions.defaultPort

    func validate() throws {
        guard Self.validPorts.contains(port) else { throw ValidationError("--port must be from 1 to 65535.") }
        _ = try Self.endpoint(host, defaultPort: port)
    }

    /// A target as written (`host`, `host:port`, `[v6]:port`), or the usage error every command gives for it (a
    /// bad port is said to be a bad port).
    static func endpoint(_ text: String, defaultPort: Int = TargetOptions.defaultPort) throws -> Endpoint {
        switch Endpoint.read(text, defaultPort: defaultPort) {
        case .success(let endpoint): return endpoint
        case .failure(let error): throw ValidationError("\(error).")
        }
    }

    /// The server: the host argument, with the port from --port unless the argument names one.
    var server: Endpoint {
        Endpoint.parse(host, defaultPort: port) ?? Endpoint(host: host, port: port)
    }
}

/// `--udp` or `--tcp`, for a command that talks over one transport (UDP unless told): the client and `shout ping`.
/// The same two names mean "only this one" where a command has both (`shout server`, which also spells them
/// `--udp-only` and `--tcp-only`, and `shout check`), and are two of `shout bench`'s load patterns.
struct TransportOptions: ParsableArguments {
    @Flag(help: "Send over UDP (the default).")
    var udp = false

    @Flag(help: "Send over TCP.")
    var tcp = false

    func validate() throws {
        guard !(udp && tcp) else { throw ValidationError("Choose one of --udp and --tcp.") }
    }

    /// The transport chosen.
    var transport: Transport { tcp ? .tcp : .udp }
}
