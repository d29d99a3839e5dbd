import Foundation
import NIOCore
import NIOPosix
import ShoutCore
import ShoutServerNet
import Testing

@testable import ShoutClientNet

#if canImport(Glibc)
import Glibc
#endif

/// The same conversations with a `ClientSession`, run twice: in memory, against a network the test plays, and live,
/// through the real `ClientSocketPool` and its `ClientSocketWorker`s to a real `ShoutServer` on a port-0 loopback
/// socket. Both must tell the same story. Then what only the live sockets show: the lines that wait for a socket wait
/// in the session alone, and go out in order, each round trip timed from its own send.
@Suite("Client session, in memory and live", .timeLimit(.minutes(1)))
struct ClientSessionLiveTests {
    /// Where a session's effects go and its reports come from.
    protocol Network: AnyObject {
        /// Carries out one effect.
        func carryOut(_ effect: ClientSessionEffect) async throws
        /// Waits for the next reports (at most `timeout`), oldest first.
        func reports(within timeout: Duration) async -> [(socket: Int, report: ClientSocketReport)]
        func close() async
    }

    /// A network that answers at once, as an upper-casing server would: each socket is ready as soon as it opens,
    /// and each line's reply comes right after it.
    final class InMemoryNetwork: Network {
        private var pending: [(socket: Int, report: ClientSocketReport)] = []
        private var transports: [Int: Transport] = [:]
        private var sends: [Int: Int] = [:]

        func carryOut(_ effect: ClientSessionEffect) async throws {
            switch effect {
            case .open(let id, let transport, let server):
                transports[id] = transport
                let local = Endpoint(host: "127.0.0.1", port: 50_000 + id)
                let setup: Duration? = transport == .tcp ? .microseconds(100) : nil
                pending.append((id, .event(.ready(transport, remote: server, local: local, setup: setup))))
            case .send(let id, let line):
                guard let transport = transports[id] else { return }
                sends[id, default: 0] += 1
                pending.append((id, .sent(number: sends[id]!, at: .now)))
                pending.append((id, .event(.received(transport, Uppercasing.uppercased(line), at: .now))))
            case .close(let id):
                transports[id] = nil
            case .inspect:
                break
            }
        }

        func reports(within timeout: Duration) async -> [(socket: Int, report: ClientSocketReport)] {
            defer { pending.removeAll() }
            return pending
        }

        func close() async {}
    }

    /// The real thing: a `ShoutServer`, and the `ClientSocketPool` (a `ClientSocketWorker` per socket) every client
    /// driver carries out the session's effects with.
    final class LiveNetwork: Network, @unchecked Sendable {
        // @unchecked: `pool` is used by the test's task only; the sockets report through `inbox`, which is safe.
        let server: ShoutServer
        let inbox = EventChannel<(socket: Int, report: ClientSocketReport)>(capacity: 1024)
        private var pool: ClientSocketPool

        init() async throws {
            server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
            pool = ClientSocketPool(group: MultiThreadedEventLoopGroup.singleton, reports: inbox)
        }

        var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: server.port) }

        func carryOut(_ effect: ClientSessionEffect) async throws {
            pool.carryOut(effect)
        }

        func reports(within timeout: Duration) async -> [(socket: Int, report: ClientSocketReport)] {
            await inbox.next(timeout: timeout)?.events ?? []
        }

        func close() async {
            pool.closeAll()
            await server.stop()
        }
    }

    /// Drives a session over `network`: each action, then every report until no line waits (within a deadline);
    /// returns the outcomes as words that leave out what differs between runs (times, local ports).
    static func run(_ actions: [Action], server: Endpoint, network: any Network) async throws -> [String] {
        var session = ClientSession(server: server, timeout: .seconds(5))
        var story: [String] = []
        func take(_ step: ClientSessionStep) async throws {
            story += step.outcomes.map(Self.words)
            for effect in step.effects { try await network.carryOut(effect) }
        }
        try await take(session.start(at: .now()))
        for action in actions {
            switch action {
            case .send(let text): try await take(session.send(Array(text.utf8), at: .now()))
            case .switchTo(let transport): try await take(session.switchTransport(to: transport, at: .now()))
            }
            let deadline = ContinuousClock.now + .seconds(5)
            repeat {
                for (socket, report) in await network.reports(within: .milliseconds(50)) {
                    try await take(session.apply(report: report, socket: socket, at: .now()))
                }
            } while (session.waitingCount > 0 || session.slots.values.contains { $0.phase == .opening })
                && ContinuousClock.now < deadline
        }
        return story
    }

    enum Action {
        case send(String)
        case switchTo(Transport)
    }

    /// An outcome without what differs from one run to the next.
    static func words(_ outcome: ClientSessionOutcome) -> String {
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        return switch outcome {
        case .sent(let request, let line, let transport): "sent \(request) \(text(line)) \(transport.rawValue)"
        case .reply(let request, _, let reply, let transport, _, let overtook):
            "reply \(request) \(text(reply)) \(transport.rawValue) overtook \(overtook)"
        case .ready(let transport, _, _, _, let again): "ready \(transport.rawValue)\(again ? " again" : "")"
        case .switched(let transport): "switched to \(transport.rawValue)"
        case .closedIdleTCP(let wasOpen): "closed idle tcp \(wasOpen)"
        default: "\(outcome)"
        }
    }

    static let conversation: [Action] = [
        .send("straße"), .send("日本語 ok"), .switchTo(.tcp), .send("over tcp"), .switchTo(.udp), .send("back"),
    ]

    static let story = [
        "ready udp",
        "sent 1 straße udp", "reply 1 STRASSE udp overtook 0",
        "sent 2 日本語 ok udp", "reply 2 日本語 OK udp overtook 0",
        "switched to tcp", "ready tcp",
        "sent 3 over tcp tcp", "reply 3 OVER TCP tcp overtook 0",
        "switched to udp", "closed idle tcp true",
        "sent 4 back udp", "reply 4 BACK udp overtook 0",
    ]

    @Test("in memory: lines over UDP, a switch to TCP and back, each reply matched to its line")
    func inMemory() async throws {
        let network = InMemoryNetwork()
        let story = try await Self.run(
            Self.conversation,
            server: Endpoint(host: "127.0.0.1", port: 12000),
            network: network
        )
        #expect(story == Self.story)
    }

    @Test("live: the same conversation through the real pool and workers to a real server tells the same story")
    func live() async throws {
        let network = try await LiveNetwork()
        let story = try await Self.run(Self.conversation, server: network.endpoint, network: network)
        await network.close()
        #expect(story == Self.story)
        #expect(network.server.counters.snapshot.replied == 4)
    }

    /// A session over TCP whose lines are typed while its socket opens; what it says once the socket's reports come
    /// in. The session's clock is held 10 s back throughout, so a round trip timed from the session's own send (its
    /// moment) would take over 10 s, and one timed from the socket's `.sent` stamp (real time) takes a moment.
    static func typedEarly(
        _ lines: [String],
        to server: Endpoint,
        network: LiveNetwork
    ) async throws -> (story: [String], outcomes: [ClientSessionOutcome]) {
        var session = ClientSession(server: server, transport: .tcp, timeout: .seconds(30))
        var outcomes: [ClientSessionOutcome] = []
        func take(_ step: ClientSessionStep) async throws {
            outcomes += step.outcomes
            for effect in step.effects { try await network.carryOut(effect) }
        }
        let early = Moment(instant: .now - .seconds(10), wallClock: "00:00:00")
        try await take(session.start(at: early))
        for line in lines { try await take(session.send(Array(line.utf8), at: early)) }
        #expect(session.waitingCount == lines.count, "the lines wait in the session")
        let deadline = ContinuousClock.now + .seconds(10)
        repeat {
            for (socket, report) in await network.reports(within: .milliseconds(50)) {
                try await take(session.apply(report: report, socket: socket, at: early))
            }
        } while (session.waitingCount > 0 || session.slots.values.contains { $0.phase == .opening })
            && ContinuousClock.now < deadline
        return (outcomes.map(Self.words), outcomes)
    }

    @Test("lines typed before the socket opens go out in order once it does, each timed from its own send")
    func linesBeforeTheOpen() async throws {
        let network = try await LiveNetwork()
        let (story, outcomes) = try await Self.typedEarly(
            ["one", "two", "three"],
            to: network.endpoint,
            network: network
        )
        await network.close()
        #expect(
            story == [
                "ready tcp", "sent 1 one tcp", "sent 2 two tcp", "sent 3 three tcp",
                "reply 1 ONE tcp overtook 0", "reply 2 TWO tcp overtook 0", "reply 3 THREE tcp overtook 0",
            ]
        )
        // Each round trip under the 10 s the session's clock is held back started at its own `.sent` stamp: the
        // worker numbered each send as the session did.
        let trips = outcomes.compactMap { outcome -> Duration? in
            if case .reply(_, _, _, _, let rtt, _) = outcome { return rtt }
            return nil
        }
        #expect(trips.count == 3)
        #expect(trips.allSatisfy { $0 < .seconds(5) }, "\(trips)")
    }

    @Test("a socket that cannot be opened reports every line that waited for it, and none was sent")
    func failedOpenReportsTheQueue() async throws {
        let network = try await LiveNetwork()
        // A TCP port held by a socket that does not listen: a connection to it is refused.
        let held = try HeldTCPPort()
        let (story, outcomes) = try await Self.typedEarly(
            ["one", "two"],
            to: Endpoint(host: "127.0.0.1", port: held.port),
            network: network
        )
        await network.close()
        guard case .openFailed(.tcp, let error, let unsent)? = outcomes.last else {
            Issue.record("no failed open: \(story)")
            return
        }
        #expect(error.kind == .refused)
        #expect(unsent == [Array("one".utf8), Array("two".utf8)])
        #expect(!outcomes.contains { if case .sent = $0 { true } else { false } })
    }

    @Test("the pool queues no line: a send to a socket still opening fails at once, unnumbered, and never goes out")
    func noQueueInThePool() async throws {
        let network = try await LiveNetwork()
        // A listener whose accept queue is full: the kernel drops the next SYN, so a connection to it stays opening.
        let full = try FullListener()
        let server = Endpoint(host: "127.0.0.1", port: full.port)
        try await network.carryOut(.open(id: 1, .tcp, server))
        try await network.carryOut(.send(id: 1, line: Array("early".utf8)))
        var seen: [ClientSocketReport] = []
        let deadline = ContinuousClock.now + .seconds(2)
        while seen.isEmpty, ContinuousClock.now < deadline {
            seen += await network.reports(within: .milliseconds(100)).map(\.report)
        }
        try await network.carryOut(.close(id: 1))
        await network.close()
        guard case .sendFailed(_, let number)? = seen.first else {
            Issue.record("the send was not refused: \(seen)")
            return
        }
        #expect(number == nil)
        #expect(!seen.contains { if case .sent = $0 { true } else { false } })
    }

    /// A TCP port bound on 127.0.0.1 by a socket that does not listen.
    final class HeldTCPPort {
        let descriptor: Int32
        let port: Int

        init() throws {
            (descriptor, port) = try Self.bound()
        }

        /// A TCP socket bound to a free port of 127.0.0.1.
        static func bound() throws -> (Int32, Int) {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
                }
            }
            guard descriptor >= 0, bound else { throw SocketSetupFailure(errno: errno) }
            return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
        }

        deinit { close(descriptor) }
    }

    /// A TCP listener with a backlog of none and one connection in it, never accepted: its accept queue is full.
    final class FullListener {
        let listener: Int32
        let filler: Int32
        let port: Int

        init() throws {
            (listener, port) = try HeldTCPPort.bound()
            guard listen(listener, 0) == 0 else { throw SocketSetupFailure(errno: errno) }
            filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw SocketSetupFailure(errno: errno) }
        }

        deinit {
            close(filler)
            close(listener)
        }
    }

    struct SocketSetupFailure: Error {
        let errno: Int32
    }
}
