import ArgumentParser
import NIOPosix
import ServiceLifecycle
import ShoutBench
import ShoutCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `shout bench`: load a server and measure it.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load a server for a while and measure replies per second, latency percentiles and loss.",
        discussion: HelpFiles.discussion(
            """
            Every reply is matched to its request by an id in the payload and checked byte for byte against the \
            upper-cased request. Stops by itself after --duration; Ctrl-C stops early and prints what it has.
            """,
            command: "bench"
        )
    )

    @OptionGroup var target: TargetOptions

    @Flag(help: "The load pattern: udp (default), tcp (persistent), tcp-oneshot (a connection per line), hold.")
    var mode: BenchMode = .udp

    @Option(parsing: .unconditional, help: "Sockets or connections at once.")
    var clients: Int = 8

    @Option(parsing: .unconditional, help: "Requests in flight per socket or connection (udp, tcp).")
    var window: Int = 32

    @Option(parsing: .unconditional, help: "Bytes per request (at least 8).")
    var size: Int = 64

    @Option(parsing: .unconditional, help: "Seconds to run.")
    var duration: Double = 5

    @Option(parsing: .unconditional, help: "UDP: seconds before an unanswered datagram counts as lost.")
    var timeout: Double = 0.2

    /// The same in milliseconds, as earlier versions took it.
    @Option(parsing: .unconditional, help: .hidden)
    var timeoutMs: Int?

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        guard (1...100_000).contains(clients) else { throw ValidationError("--clients must be from 1 to 100000.") }
        guard (1...100_000).contains(window) else { throw ValidationError("--window must be from 1 to 100000.") }
        guard (8...65_507).contains(size) else { throw ValidationError("--size must be from 8 to 65507 bytes.") }
        guard duration > 0, duration <= 3600 else {
            throw ValidationError("--duration must be more than 0 and at most 3600 seconds.")
        }
        if let timeoutMs, timeoutMs < 1 { throw ValidationError("--timeout-ms must be at least 1.") }
        guard timeout.isFinite, timeout >= 0.001 else { throw ValidationError("--timeout must be at least 0.001 s.") }
    }

    func run() async throws {
        raiseOpenFileLimit()
        let configuration = BenchConfiguration(
            server: target.server,
            mode: mode.configurationMode,
            clients: clients,
            window: window,
            size: size,
            duration: .milliseconds(Int64(duration * 1000)),
            timeout: timeoutMs.map { .milliseconds(Int64($0)) } ?? .milliseconds(Int64((timeout * 1000).rounded()))
        )
        // A graceful shutdown of the command's lifetime (Ctrl-C, SIGTERM, SIGHUP) ends the run early, with its report.
        let interrupted = Atomic<Bool>(false)
        let showsProgress = isatty(STDERR_FILENO) == 1 && !json
        let benchGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let report = try await withGracefulShutdownHandler {
            try await LoadGenerator.run(
                configuration,
                group: benchGroup,
                progress: { progress in
                    guard showsProgress else { return }
                    let rate = progress.elapsedSeconds > 0 ? Double(progress.replies) / progress.elapsedSeconds : 0
                    StandardStreams.writeErrorRaw(
                        "\r\u{1b}[K" + String(format1: progress.elapsedSeconds) + " s  replies \(progress.replies)  "
                            + "\(Int(rate.rounded()))/s  lost \(progress.lost)"
                    )
                },
                interrupted: { interrupted.load(ordering: .relaxed) }
            )
        } onGracefulShutdown: {
            interrupted.store(true, ordering: .relaxed)
        }
        if showsProgress { StandardStreams.writeErrorRaw("\r\u{1b}[K") }
        StandardStreams.writeOutput((json ? report.json : report.table) + "\n")
        if report.nothingAnswered {
            StandardStreams.writeError(
                "No reply came back from \(configuration.server); is a server running there, on this transport?"
            )
            throw ExitCode(1)
        }
    }

    /// Lets the hold pattern open as many connections as the hard limit allows.
    private func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

/// The load patterns as flags.
enum BenchMode: String, EnumerableFlag {
    case udp
    case tcp
    case tcpOneshot
    case hold

    var configurationMode: BenchConfiguration.Mode {
        switch self {
        case .udp: .udp
        case .tcp: .tcp
        case .tcpOneshot: .tcpOneshot
        case .hold: .hold
        }
    }
}
