import Foundation
import NIOCore
import NIOPosix
import ShoutCore
import ShoutServerNet
import Testing

@testable import ShoutClientNet

/// The same conversations with a `ClientSession`, run twice: in memory, against a network the test plays, and live,
/// through real `ClientSocket`s to a real `ShoutServer` on a port-0 loopback socket. Both must tell the same story.
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

    /// The real thing: a `ShoutServer` and a `ClientSocket` per socket the session opens.
    final class LiveNetwork: Network, @unchecked Sendable {
        // @unchecked: `sockets` is used by the test's task only; the sockets report through `inbox`, which is safe.
        let server: ShoutServer
        let inbox = EventChannel<(socket: Int, report: ClientSocketReport)>(capacity: 1024)
        private var sockets: [Int: ClientSocket] = [:]
        private var sends: [Int: Int] = [:]
        private let group = MultiThreadedEventLoopGroup.singleton

        init() async throws {
            server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        }

        var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: server.port) }

        func carryOut(_ effect: ClientSessionEffect) async throws {
            let inbox = self.inbox
            switch effect {
            case .open(let id, let transport, let server):
                sockets[id] = try await ClientSocket.open(transport, to: server, group: group) {
                    inbox.send((id, .event($0)))
                }
            case .send(let id, let line):
                guard let socket = sockets[id] else { return }
                sends[id, default: 0] += 1
                let number = sends[id]!
                try await socket.send(line: line) { inbox.send((id, .sent(number: number, at: $0))) }
            case .close(let id):
                await sockets.removeValue(forKey: id)?.close()
            case .inspect(let id):
                if let info = await sockets[id]?.connectionInfo() { inbox.send((id, .connectionInfo(info))) }
            }
        }

        func reports(within timeout: Duration) async -> [(socket: Int, report: ClientSocketReport)] {
            await inbox.next(timeout: timeout)?.events ?? []
        }

        func close() async {
            for socket in sockets.values { await socket.close() }
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

    @Test("live: the same conversation through real sockets to a real server tells the same story")
    func live() async throws {
        let network = try await LiveNetwork()
        let story = try await Self.run(Self.conversation, server: network.endpoint, network: network)
        await network.close()
        #expect(story == Self.story)
        #expect(network.server.counters.snapshot.replied == 4)
    }
}
