import Foundation
import ShoutCore

@testable import ShoutUI

/// Drives a `ClientScreenState` the way the host program does, with a clock the test controls.
struct ClientScreenHarness {
    static let server = Endpoint(host: "127.0.0.1", port: 12000)
    static let local = Endpoint(host: "127.0.0.1", port: 50000)

    let base = ContinuousClock.now
    var state: ClientScreenState
    /// Every effect returned so far.
    var effects: [ClientScreenEffect] = []

    init(transport: Transport = .udp, timeout: Duration = .seconds(1)) {
        state = ClientScreenState(server: Self.server, transport: transport, timeout: timeout)
    }

    /// The date the test begins at, for records: 2026-11-25T14:02:11.000Z.
    static let date = Date(timeIntervalSince1970: 1_795_615_331)

    /// The moment `milliseconds` after the test began.
    func at(_ milliseconds: Int) -> Moment {
        Moment(
            instant: base + .milliseconds(milliseconds),
            wallClock: "14:02:11",
            date: Self.date.addingTimeInterval(Double(milliseconds) / 1000)
        )
    }

    /// Starts the screen and reports its first socket ready.
    @discardableResult
    mutating func startReady(at milliseconds: Int = 0) -> [ClientScreenEffect] {
        var out = state.start(at: at(milliseconds))
        if case .session(.open(let id, let transport, _))? = out.last { out += ready(id, transport, at: milliseconds) }
        effects += out
        return out
    }

    @discardableResult
    mutating func ready(_ socket: Int, _ transport: Transport, at milliseconds: Int) -> [ClientScreenEffect] {
        let setup: Duration? = transport == .tcp ? .microseconds(300) : nil
        return report(
            .event(.ready(transport, remote: Self.server, local: Self.local, setup: setup)),
            socket: socket,
            at: milliseconds
        )
    }

    /// Types `line` and presses Enter.
    @discardableResult
    mutating func enter(_ line: String, at milliseconds: Int) -> [ClientScreenEffect] {
        var out: [ClientScreenEffect] = []
        for character in line { out += state.apply(key: .character(character), at: at(milliseconds)) }
        out += state.apply(key: .enter, at: at(milliseconds))
        effects += out
        return out
    }

    @discardableResult
    mutating func press(_ key: Key, at milliseconds: Int = 0) -> [ClientScreenEffect] {
        let out = state.apply(key: key, at: at(milliseconds))
        effects += out
        return out
    }

    @discardableResult
    mutating func reply(
        _ text: String,
        over transport: Transport = .udp,
        socket: Int = 1,
        at milliseconds: Int
    )
        -> [ClientScreenEffect]
    {
        report(
            .event(.received(transport, Array(text.utf8), at: base + .milliseconds(milliseconds))),
            socket: socket,
            at: milliseconds
        )
    }

    @discardableResult
    mutating func report(_ report: ClientSocketReport, socket: Int, at milliseconds: Int) -> [ClientScreenEffect] {
        let out = state.apply(report: report, socket: socket, at: at(milliseconds))
        effects += out
        return out
    }

    @discardableResult
    mutating func tick(at milliseconds: Int) -> [ClientScreenEffect] {
        state.tick(at: at(milliseconds))
    }

    /// The transcript as `marker text [detail]` lines, without the greeting and socket notes.
    var lines: [String] {
        state.transcript.lines.map { entry in
            entry.marker(ascii: false) + " " + entry.text + (entry.detail.isEmpty ? "" : " [\(entry.detail)]")
        }
    }

    /// The lines after the first `skip` (the greeting and the socket note).
    func lines(after skip: Int) -> [String] { Array(lines.dropFirst(skip)) }

    /// The `.send` effects, as (socket, text).
    var sends: [(Int, String)] {
        effects.compactMap { effect in
            if case .session(.send(let id, let line)) = effect { return (id, String(decoding: line, as: UTF8.self)) }
            return nil
        }
    }
}
