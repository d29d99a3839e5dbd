import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

/// `/ping N` in the client screen: pings one at a time in the lab's format through the current transport, each as
/// any line in the transcript, and the statistics line once all are settled.
@Suite("Client screen /ping")
struct ClientScreenPingTests {
    /// The text of the `index`-th `.send` effect, and that text upper-cased (the server's reply).
    static func reply(to sends: [(Int, String)], _ index: Int) -> String { sends[index].1.uppercased() }

    @Test("each ping goes once the last one is answered or timed out; the statistics line ends the run")
    func runsTheLab() {
        var harness = ClientScreenHarness(timeout: .milliseconds(500))
        harness.startReady()
        harness.enter("/ping 3", at: 10)
        #expect(harness.sends.count == 1)
        #expect(harness.sends[0].1.hasPrefix("Ping 1 "))
        harness.reply(Self.reply(to: harness.sends, 0), at: 14)
        #expect(harness.sends.count == 2)
        #expect(harness.sends[1].1.hasPrefix("Ping 2 "))
        // Ping 2 gets no reply: ping 3 goes when its timeout passes.
        harness.tick(at: 400)
        #expect(harness.sends.count == 2)
        harness.effects += harness.tick(at: 520)
        #expect(harness.sends.count == 3)
        #expect(harness.sends[2].1.hasPrefix("Ping 3 "))
        harness.reply(Self.reply(to: harness.sends, 2), at: 530)
        let last = harness.lines.last ?? ""
        #expect(last.hasPrefix("· ping 127.0.0.1:12000: 3 sent, 2 received, 33.3% lost · rtt min/avg/max/mdev = "))
        #expect(last.contains("4.000/7.000/10.000/3.000 ms"))
        #expect(harness.state.ping == nil)
        // The pings are ordinary lines in the transcript, and the loss is said as any loss.
        #expect(harness.lines.contains { $0.hasPrefix("→ Ping 2 ") })
        #expect(harness.lines.contains { $0.hasPrefix("✗ no reply within 0.5 s to \"Ping 2 ") })
    }

    @Test("a second /ping while one runs is refused; /help lists /ping")
    func oneAtATime() {
        var harness = ClientScreenHarness()
        harness.startReady()
        harness.enter("/ping 2", at: 10)
        harness.enter("/ping 2", at: 11)
        #expect(harness.sends.count == 1)
        #expect(harness.lines.last?.contains("a /ping is still under way (1 of 2 sent)") == true)
        harness.enter("/help", at: 12)
        #expect(harness.lines.contains { $0.contains("/ping [N]  the UDP Pinger lab") })
    }

    @Test("over TCP against a refused port: the first refusal stops the run, said once, with no statistics of nothing")
    func refusedStopsTheRun() {
        var harness = ClientScreenHarness(transport: .tcp)
        harness.effects += harness.state.start(at: harness.at(0))
        let refused = ClientSocketError(.refused, "Connection to 127.0.0.1:12000 refused; is a server running there?")
        harness.report(.openFailed(refused), socket: 1, at: 1)
        let before = harness.lines.count
        harness.enter("/ping 3", at: 10)
        // The ping asks for a new connection; it is refused as well.
        let opens = harness.effects.compactMap { effect -> Int? in
            if case .session(.open(let id, .tcp, _)) = effect { return id }
            return nil
        }
        let socket = opens.last ?? 0
        #expect(opens.count == 2)
        harness.report(.openFailed(refused), socket: socket, at: 11)
        #expect(harness.sends.isEmpty)
        #expect(harness.state.ping == nil)
        let after = Array(harness.lines.dropFirst(before))
        #expect(after.filter { $0.contains("refused") }.count == 2, "\(after)")
        #expect(after.filter { $0.hasPrefix("✗ not sent: Ping ") }.count == 1, "\(after)")
        #expect(
            after.last == "· ping 127.0.0.1:12000 stopped at ping 1 of 3: the connection was refused, so no more pings "
                + "are sent",
            "\(after)"
        )
        #expect(!after.contains { $0.contains("0 sent") }, "\(after)")
        // No more opens: the run is over.
        harness.tick(at: 5000)
        #expect(
            harness.effects.filter { if case .session(.open) = $0 { true } else { false } }.count == 2
        )
    }

    @Test("over UDP against a port nothing listens on: each ping's loss is one line, the run goes on")
    func unreachableOncePerPing() {
        var harness = ClientScreenHarness()
        harness.startReady()
        harness.enter("/ping 2", at: 10)
        harness.report(.event(.problem(.udp, .udpPortUnreachable)), socket: 1, at: 11)
        #expect(harness.sends.count == 2)
        harness.report(.event(.problem(.udp, .udpPortUnreachable)), socket: 1, at: 12)
        let unreachable = harness.lines.filter { $0.contains("port unreachable") }
        #expect(unreachable.count == 2, "\(harness.lines)")
        #expect(unreachable.allSatisfy { $0.hasPrefix("✗ no reply to \"Ping ") }, "\(unreachable)")
        #expect(harness.lines.last?.hasPrefix("· ping 127.0.0.1:12000: 2 sent, 0 received, 100% lost") == true)
    }
}
