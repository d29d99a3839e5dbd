import ArgumentParser
import NIOPosix
import ServiceLifecycle
import ShoutCore
import Synchronization

/// `shout ping`: the UDP Pinger lab's client, in the manner of ping(8).
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Ping a server as the UDP Pinger lab does: RTT of each reply, then min/avg/max/mdev and loss.",
        discussion: HelpFiles.discussion(
            """
            Each ping is the lab's message, "Ping <seq> <time>" (time in seconds since the epoch), and its reply \
            is matched by its text, so by its sequence number: a reply after its timeout is reported as late for \
            its own ping (and not counted as received, as in ping(8)), a second copy as a duplicate. After the \
            last ping it listens for late replies one more --timeout (at least a second) while any is missing. Ctrl-C stops early and still prints the \
            statistics.
            """,
            command: "ping"
        )
    )

    @OptionGroup var target: TargetOptions

    @Option(parsing: .unconditional, help: "How many pings to send.")
    var count: Int = 10

    @Option(parsing: .unconditional, help: "Seconds between pings.")
    var interval: Double = 1

    @Option(parsing: .unconditional, help: "Seconds to wait for each reply before it counts as timed out.")
    var timeout: Double = 1

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Pad each message to BYTES bytes (it is never cut).", valueName: "BYTES")
    )
    var size: Int?

    @OptionGroup var transport: TransportOptions

    @Flag(help: "Print one JSON object per ping and one for the statistics.")
    var json = false

    func validate() throws {
        guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be from 1 to 1000000.") }
        guard interval.isFinite, interval >= 0.001, interval <= 3600 else {
            throw ValidationError("--interval must be from 0.001 to 3600 seconds.")
        }
        guard ReplyTimeout.accepts(timeout) else {
            throw ValidationError("--timeout must be more than 0 and at most 3600 seconds.")
        }
        if let size, !(1...65_507).contains(size) {
            throw ValidationError("--size must be from 1 to 65507 bytes.")
        }
    }

    func run() async throws {
        let client = PingClient(
            server: target.server,
            transport: transport.transport,
            pings: PingRun(count: count, size: size),
            interval: .milliseconds(Int64((interval * 1000).rounded())),
            timeout: .milliseconds(max(1, Int64((timeout * 1000).rounded()))),
            json: json,
            group: MultiThreadedEventLoopGroup.singleton
        )
        // A graceful shutdown of the command's lifetime (Ctrl-C, SIGTERM, SIGHUP) stops the pings; the statistics
        // are still printed.
        let interrupted = Atomic<Bool>(false)
        let statistics = try await withGracefulShutdownHandler {
            try await client.run { interrupted.load(ordering: .relaxed) }
        } onGracefulShutdown: {
            interrupted.store(true, ordering: .relaxed)
        }
        if statistics.received == 0 { throw ExitCode(1) }
    }
}
