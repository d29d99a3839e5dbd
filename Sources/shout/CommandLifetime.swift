import Logging
import ServiceLifecycle

/// One lifetime for every command: its work runs as the only service of a swift-service-lifecycle `ServiceGroup`,
/// so SIGINT, SIGTERM and SIGHUP take one path everywhere, a graceful shutdown, which each command answers in its
/// own way inside `withGracefulShutdownHandler` (a screen quits and restores the terminal, the headless server stops
/// and prints its totals, `bench` stops early and prints what it has, the plain client stops reading).
enum CommandLifetime {
    /// Runs `work` as the group's service; returns when it does, and throws what it throws.
    static func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        var logger = Logger(label: "shout")
        logger.logLevel = .critical
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: CommandService(work: work),
                        successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .cancelGroup
                    )
                ],
                // The signals that shut a command down gracefully.
                gracefulShutdownSignals: [.sigterm, .sigint, .sighup],
                logger: logger
            )
        )
        try await group.run()
    }

    /// The command's work as a service.
    private struct CommandService: Service {
        let work: @Sendable () async throws -> Void

        func run() async throws { try await work() }
    }
}
