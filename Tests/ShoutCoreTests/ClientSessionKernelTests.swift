import Foundation
import ShoutCore
import Testing

/// The kernel's word on the client's TCP connection (`TCP_INFO`): asked every `kernelRefresh` while new lines go
/// over TCP, kept for the status bar as long as that connection is open.
@Suite("Client session: the kernel's view")
struct ClientSessionKernelTests {
    typealias Harness = ClientSessionTests.Harness

    static func info(retransmissions: Int = 0, rtt: Duration = .microseconds(42)) -> TCPConnectionInfo {
        TCPConnectionInfo(
            state: "ESTABLISHED",
            totalRetransmissions: retransmissions,
            unacknowledged: 0,
            smoothedRTT: rtt
        )
    }

    @Test("asked once a second while connected over TCP; never over UDP, nor without kernelRefresh")
    func asking() {
        var harness = Harness(transport: .tcp)
        harness.session.kernelRefresh = .seconds(1)
        _ = harness.session.start(at: harness.at(0))
        #expect(harness.session.tick(at: harness.at(0)).effects.isEmpty, "not before the connection is open")
        _ = harness.ready(1, .tcp, at: 0)
        #expect(harness.session.tick(at: harness.at(10)).effects == [.inspect(id: 1)])
        #expect(harness.session.tick(at: harness.at(900)).effects.isEmpty)
        #expect(harness.session.tick(at: harness.at(1010)).effects == [.inspect(id: 1)])
        // Over UDP the TCP connection closes; nothing is asked.
        _ = harness.session.switchTransport(to: .udp, at: harness.at(1100))
        _ = harness.ready(2, .udp, at: 1100)
        #expect(harness.session.tick(at: harness.at(5000)).effects.isEmpty)

        var plain = Harness(transport: .tcp)
        _ = plain.session.start(at: plain.at(0))
        _ = plain.ready(1, .tcp, at: 0)
        #expect(plain.session.tick(at: plain.at(5000)).effects.isEmpty, "the plain client asks only for a late line")
    }

    @Test("each answer is the connection's latest reading, with the one before; a new connection starts afresh")
    func readings() {
        var harness = Harness(transport: .tcp)
        harness.session.kernelRefresh = .seconds(1)
        _ = harness.session.start(at: harness.at(0))
        _ = harness.ready(1, .tcp, at: 0)
        #expect(harness.session.tcpKernelView == nil)
        let first = harness.report(.connectionInfo(Self.info()), socket: 1, at: 10)
        #expect(first.outcomes == [.kernelView(Self.info(), previous: nil)])
        #expect(harness.session.tcpKernelView == Self.info())
        let second = harness.report(.connectionInfo(Self.info(retransmissions: 2)), socket: 1, at: 1010)
        #expect(second.outcomes == [.kernelView(Self.info(retransmissions: 2), previous: Self.info())])
        // The server closes: what the kernel said of that connection no longer shows.
        _ = harness.report(.event(.closed(.tcp, reason: nil)), socket: 1, at: 1100)
        #expect(harness.session.tcpKernelView == nil)
        // The next line opens a new connection (socket 2): its first reading has nothing before it.
        _ = harness.session.send(Array("again".utf8), at: harness.at(1200))
        _ = harness.ready(2, .tcp, at: 1200)
        let fresh = harness.report(.connectionInfo(Self.info(retransmissions: 5)), socket: 2, at: 1300)
        #expect(fresh.outcomes == [.kernelView(Self.info(retransmissions: 5), previous: nil)])
        // A late answer about the old connection is not taken for the new one's.
        _ = harness.report(.connectionInfo(Self.info(retransmissions: 9)), socket: 1, at: 1400)
        #expect(harness.session.tcpKernelView == Self.info(retransmissions: 5))
    }

    @Test("the transcript's sentences: the first reading, then only retransmissions")
    func sentences() {
        #expect(
            Self.info().firstReadingSentence
                == "the kernel says: ESTABLISHED, smoothed RTT 42 µs, no segment retransmitted"
        )
        #expect(Self.info(retransmissions: 1).firstReadingSentence.hasSuffix("RTT 42 µs, 1 segment retransmitted"))
        #expect(Self.info().retransmittedSentence(since: Self.info()) == nil)
        #expect(
            Self.info(retransmissions: 3, rtt: .milliseconds(210)).retransmittedSentence(
                since: Self.info(retransmissions: 1)
            )
                == "the kernel says: TCP retransmitted 2 segments (3 on this connection so far); smoothed RTT 210 ms"
        )
        #expect(Self.info().figures(ascii: true) == ["rtt 42 us", "retrans 0"])
    }
}
