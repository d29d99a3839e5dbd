import ShoutCore
import Testing

@testable import ShoutUI

/// The kernel's view of the client's TCP connection on its screen: RTT and retransmissions in the status bar, asked
/// for once a second; the transcript says the first reading and each retransmission.
@Suite("Client screen: the kernel's view")
struct ClientScreenKernelTests {
    static func info(retransmissions: Int = 0, rtt: Duration = .microseconds(42)) -> TCPConnectionInfo {
        TCPConnectionInfo(
            state: "ESTABLISHED",
            totalRetransmissions: retransmissions,
            unacknowledged: 0,
            smoothedRTT: rtt
        )
    }

    @Test("over TCP the screen asks the kernel once a second, and the bar shows its RTT and retransmissions")
    func statusBar() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        screen.enter("a", at: 0)
        screen.reply("A", over: .tcp, socket: 1, at: 1)
        #expect(screen.tick(at: 2) == [.session(.inspect(id: 1))])
        #expect(screen.tick(at: 500) == [])
        #expect(screen.tick(at: 1002) == [.session(.inspect(id: 1))])
        let before = ClientScreenStatusTests.topLine(screen.state, width: 120)
        #expect(!before.contains("kernel"))
        screen.report(.connectionInfo(Self.info()), socket: 1, at: 1003)
        let wide = ClientScreenStatusTests.topLine(screen.state, width: 120)
        #expect(
            wide.hasPrefix(
                "┌ TCP → 127.0.0.1:12000 connected ─ sent 1 · replies 1 · lost 0 · rtt 1.0 ms · kernel rtt 42 µs · retrans 0 "
            ),
            "\(wide)"
        )
        // At 80 columns the counts and the kernel's RTT stay; its retransmissions and the word "connected" go first.
        let narrow = ClientScreenStatusTests.topLine(screen.state, width: 80)
        #expect(
            narrow.hasPrefix("┌ TCP → 127.0.0.1:12000 ─ sent 1 · replies 1 · lost 0 · kernel rtt 42 µs ─"),
            "\(narrow)"
        )
        #expect(
            screen.state.statusTitle(width: 200, ascii: true).title.hasSuffix("rtt 1.0 ms, kernel rtt 42 us, retrans 0")
        )
        // Closed by the server, the connection has no kernel view any more.
        screen.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 1100)
        #expect(!ClientScreenStatusTests.topLine(screen.state, width: 120).contains("kernel"))
    }

    @Test("the transcript says the kernel's first reading of a connection, then each retransmission, nothing else")
    func transcript() {
        var screen = ClientScreenHarness(transport: .tcp)
        screen.startReady()
        let start = screen.lines.count
        screen.report(.connectionInfo(Self.info()), socket: 1, at: 10)
        screen.report(.connectionInfo(Self.info(rtt: .microseconds(50))), socket: 1, at: 1010)
        screen.report(.connectionInfo(Self.info(retransmissions: 1, rtt: .milliseconds(210))), socket: 1, at: 2010)
        #expect(
            screen.lines(after: start) == [
                "· the kernel says: ESTABLISHED, smoothed RTT 42 µs, no segment retransmitted [tcp]",
                "· the kernel says: TCP retransmitted 1 segment (1 on this connection so far); smoothed RTT 210 ms [tcp]",
            ]
        )
    }

    @Test("over UDP nothing is asked")
    func udp() {
        var screen = ClientScreenHarness()
        screen.startReady()
        #expect(screen.tick(at: 5000) == [])
    }
}
