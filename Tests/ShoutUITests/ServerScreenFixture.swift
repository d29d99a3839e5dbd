import Foundation
import ShoutCore

@testable import ShoutUI

/// Events, states and renders for the server screen's tests, at fixed times.
enum ServerScreenFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let info = ServerScreenInfo(
        transports: [.udp, .tcp],
        port: 12000,
        addresses: ["192.168.1.20", "::1"],
        startedAt: start
    )
    static let student = Endpoint(host: "192.168.1.44", port: 60211)
    static let laptop = Endpoint(host: "192.168.1.31", port: 51522)

    /// `seconds` after the start.
    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    /// The moment `seconds` after the start, for the screen's clock inputs.
    static func moment(_ seconds: Double) -> Moment { Moment(date: at(seconds)) }

    /// The clock text of `seconds` after the start (local time, as the screen shows it).
    static func clock(_ seconds: Double) -> String { Timestamp.clock(at(seconds)) }

    /// The connection a TCP event of these tests is about: number 1 (the laptop's), as the server tags it.
    static func tcpConnection(_ transport: Transport) -> ConnectionTally? {
        transport == .tcp ? ConnectionTally(id: 1) : nil
    }

    static func received(
        _ text: String,
        from peer: Endpoint = student,
        transport: Transport = .udp,
        at seconds: Double
    ) -> ServerEvent {
        ServerEvent(
            time: at(seconds),
            .received(transport, peer: peer, payload: Payload(Array(text.utf8))),
            connection: tcpConnection(transport)
        )
    }

    static func replied(
        _ text: String,
        to peer: Endpoint = student,
        transport: Transport = .udp,
        at seconds: Double
    ) -> ServerEvent {
        ServerEvent(
            time: at(seconds),
            .replied(transport, peer: peer, payload: Payload(Array(text.utf8))),
            connection: tcpConnection(transport)
        )
    }

    /// A line in and its upper-cased reply.
    static func exchange(
        _ text: String,
        with peer: Endpoint = student,
        transport: Transport = .udp,
        at seconds: Double
    ) -> [ServerEvent] {
        [
            received(text, from: peer, transport: transport, at: seconds),
            replied(text.uppercased(), to: peer, transport: transport, at: seconds),
        ]
    }

    /// A state sized `width`×`height` that saw `events`, with totals that match them, at `now` seconds.
    static func state(
        _ events: [ServerEvent] = [],
        width: Int = 80,
        height: Int = 20,
        now: Double = 192,
        paneCapacity: Int = 10_000
    ) -> ServerScreenState {
        var state = ServerScreenState(info: info, paneCapacity: paneCapacity)
        state.apply(.resize(width: width, height: height))
        state.apply(.events(events, dropped: 0))
        state.apply(.counters(totals(of: events), at: moment(now)))
        return state
    }

    /// Totals the server would have counted for `events`.
    static func totals(of events: [ServerEvent]) -> ServerCounters.Snapshot {
        var totals = ServerCounters.Snapshot()
        for event in events {
            switch event.kind {
            case .received(_, _, let payload):
                totals.received += 1
                totals.bytesIn += payload.size
            case .replied(_, _, let payload):
                totals.replied += 1
                totals.bytesOut += payload.size
            case .dropped: totals.dropped += 1
            case .connected: totals.connectionsAccepted += 1
            default: break
            }
        }
        return totals
    }

    /// The whole screen as text lines.
    static func render(_ state: ServerScreenState, ascii: Bool = false) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: state.size.width, height: state.size.height)
        ServerScreenRenderer.render(state, into: &buffer, area: buffer.bounds, ascii: ascii)
        return buffer
    }
}
