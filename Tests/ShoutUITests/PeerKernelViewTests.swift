import Foundation
import ShoutCore
import Testing

@testable import ShoutUI

@Suite("Peers pane: the kernel's view of a connection")
struct PeerKernelViewTests {
    typealias F = ServerScreenFixture

    static let established = TCPConnectionInfo(
        state: "ESTABLISHED",
        totalRetransmissions: 0,
        unacknowledged: 0,
        smoothedRTT: .microseconds(42)
    )
    static let closeWait = TCPConnectionInfo(
        state: "CLOSE_WAIT",
        totalRetransmissions: 3,
        unacknowledged: 1,
        smoothedRTT: .microseconds(12_400)
    )

    /// The Peers row of the laptop's connection.
    static func row(_ state: ServerScreenState, ascii: Bool = false) -> String {
        F.render(state, ascii: ascii).lines.first { $0.contains("51522") } ?? ""
    }

    /// The laptop's connection (number 1) after one line each way.
    static var connected: [ServerEvent] {
        [ServerEvent(time: F.at(1), .connected(connection: 1, peer: F.laptop, local: F.student), connection: nil)]
            + F.exchange("hi", with: F.laptop, transport: .tcp, at: 2)
    }

    @Test("the row says the kernel's state, smoothed RTT and retransmissions; CLOSE_WAIT when the kernel says so")
    func row() {
        var state = F.state(Self.connected, width: 120, height: 20, now: 3)
        #expect(!Self.row(state).contains("ESTABLISHED"), "nothing is said before the kernel is asked")
        state.apply(.kernelView([1: Self.established]))
        #expect(state.needsRender)
        #expect(
            Self.row(state).contains(
                "tcp 192.168.1.31:51522 → 192.168.1.44:60211  ESTABLISHED 00:00:02  in 1 · out 1  last 1 s ago  "
                    + "rtt 42 µs · retrans 0"
            )
        )
        state.markRendered()
        state.apply(.kernelView([1: Self.established]))
        #expect(!state.needsRender, "the same view again draws nothing")
        state.apply(.kernelView([1: Self.closeWait, 9: Self.established]))
        let lines = F.render(state, ascii: true).lines
        #expect(
            Self.row(state, ascii: true).contains(
                "CLOSE_WAIT 00:00:02  in 1 | out 1  last 1 s ago  rtt 12 ms | retrans 3"
            )
        )
        #expect(lines.filter { $0.contains("rtt") }.count == 1, "a connection the table does not know adds no row")
    }

    @Test("a narrow pane keeps the kernel's state and figures before 'last … ago'; a closed one says nothing of it")
    func narrowAndClosed() {
        var state = F.state(Self.connected, width: 80, height: 20, now: 3)
        state.apply(.kernelView([1: Self.established]))
        #expect(Self.row(state) == "│ tcp 192.168.1.31:51522  ESTABLISHED  in 1 · out 1  rtt 42 µs · retrans 0     │")
        // Where no detail level leaves room for the figures (the demo's half), the row keeps its peer's host.
        var half = F.state(Self.connected, width: 56, height: 20, now: 3)
        half.apply(.kernelView([1: Self.established]))
        #expect(Self.row(half).hasPrefix("│ tcp 192.168.1.31:51522  ESTABLISHED  in 1 · out 1  "), "\(Self.row(half))")
        state.apply(
            .events([ServerEvent(time: F.at(4), .closed(connection: 1, peer: F.laptop, reason: nil))], dropped: 0)
        )
        // The snapshot taken before the close arrives after it: it no longer applies.
        state.apply(.kernelView([1: Self.closeWait]))
        let closed = F.render(state).lines.first { $0.contains("51522") } ?? ""
        #expect(closed.contains("closed"))
        #expect(!closed.contains("CLOSE_WAIT") && !closed.contains("ESTABLISHED"))
    }

    @Test("the kernel's view is asked for once a second while the Peers pane shows live connections, never otherwise")
    func asking() {
        var state = F.state([], width: 120, height: 20, now: 3)
        #expect(!state.kernelViewDue(lastAsked: nil, now: F.at(3)), "no connection: nothing to ask")
        state = F.state(Self.connected, width: 120, height: 20, now: 3)
        #expect(state.kernelViewDue(lastAsked: nil, now: F.at(3)))
        #expect(!state.kernelViewDue(lastAsked: F.at(2.5), now: F.at(3)))
        #expect(state.kernelViewDue(lastAsked: F.at(2), now: F.at(3)))
        // Compact, the Peers pane shows only while it has the focus.
        var compact = F.state(Self.connected, width: 30, height: 8, now: 3)
        #expect(!compact.showsPeers)
        #expect(!compact.kernelViewDue(lastAsked: nil, now: F.at(3)))
        while compact.focus != .peers { compact.apply(.key(.tab)) }
        #expect(compact.kernelViewDue(lastAsked: nil, now: F.at(3)))
        // Only the open connections the pane shows are asked about.
        #expect(state.shownConnectionIDs == [1])
        var many = F.state(
            (2...30).map { ServerEvent(time: F.at(1), .connected(connection: $0, peer: F.laptop, local: F.student)) },
            width: 120,
            height: 20,
            now: 3
        )
        // Three rows at this height, newest first; scrolled to the end, the oldest three.
        #expect(many.shownConnectionIDs == [28, 29, 30], "\(many.shownConnectionIDs)")
        while many.focus != .peers { many.apply(.key(.tab)) }
        many.apply(.key(.end))
        #expect(many.shownConnectionIDs == [2, 3, 4], "\(many.shownConnectionIDs)")
        many.apply(
            .events(
                (2...30).map { ServerEvent(time: F.at(4), .closed(connection: $0, peer: F.laptop, reason: nil)) },
                dropped: 0
            )
        )
        #expect(many.shownConnectionIDs.isEmpty)
        #expect(!many.kernelViewDue(lastAsked: nil, now: F.at(5)), "closed connections: nothing to ask")
        // Paused, the pane holds still: nothing is asked.
        state.apply(.key(.character(" ")))
        #expect(state.isPaused)
        #expect(!state.kernelViewDue(lastAsked: nil, now: F.at(3)))
    }

    @Test("a round-trip time below a millisecond is in microseconds, above in the screens' milliseconds")
    func durations() {
        #expect(TCPConnectionInfo.roundTrip(.microseconds(42), ascii: false) == "42 µs")
        #expect(TCPConnectionInfo.roundTrip(.microseconds(999), ascii: true) == "999 us")
        #expect(TCPConnectionInfo.roundTrip(.microseconds(1_500), ascii: false) == "1.5 ms")
        var many = Self.closeWait
        many.totalRetransmissions = 12_345
        #expect(many.figures(ascii: false) == ["rtt 12 ms", "retrans 12,345"])
    }
}
