import Benchmark
import Foundation
import ShoutCore
import ShoutUI
import Synchronization

/// Issue 17, item 5: what the screens cost on the UI thread at 120×35.
///
/// The client: one key applied to a screen whose transcript holds 100,000 entries (capacity 100,000, a tenth of the
/// lines long enough to wrap), then the whole screen drawn into a fresh buffer, as the terminal loop does after a
/// key. The target is one frame (16 ms). The server: one frame's worth of a UDP flood (the event budget of 4,000
/// listed events a second at 30 frames a second: 66 datagrams, each a `received` and a `replied` event, and the rest
/// of the flood counted as dropped), the counters, then the whole screen drawn, with both panes full.
///
/// Each sample is one key (or one frame), so the percentiles are those of single keystrokes. What is not the screen's
/// work (typing the line before an Enter, putting a scrolled view back) happens outside the measurement.
func screenBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 5,
        maxDuration: .seconds(3),
        maxIterations: 2_000,
        setup: { _ = ClientFixture.shared.state.transcript.count }
    )

    Benchmark("client key + render, 100k transcript: a character typed", configuration: configuration) { benchmark in
        let fixture = ClientFixture.shared
        benchmark.startMeasurement()
        fixture.state.apply(.key(.character("x")), at: fixture.moment())
        blackHole(fixture.render())
        benchmark.stopMeasurement()
        fixture.state.apply(.key(.backspace), at: fixture.moment())
    }

    Benchmark("client key + render, 100k transcript: Enter sends a line", configuration: configuration) { benchmark in
        let fixture = ClientFixture.shared
        let line = fixture.nextLine()
        fixture.type(line)
        benchmark.startMeasurement()
        blackHole(fixture.state.apply(.key(.enter), at: fixture.moment()))
        blackHole(fixture.render())
        benchmark.stopMeasurement()
        fixture.reply(to: line)
    }

    Benchmark("client key + render, 100k transcript: PageUp from the bottom", configuration: configuration) {
        benchmark in
        let fixture = ClientFixture.shared
        benchmark.startMeasurement()
        fixture.state.apply(.key(.pageUp), at: fixture.moment())
        blackHole(fixture.render())
        benchmark.stopMeasurement()
        fixture.state.apply(.key(.end), at: fixture.moment())
    }

    Benchmark("client key + render, 100k transcript: Home to the oldest line", configuration: configuration) {
        benchmark in
        let fixture = ClientFixture.shared
        benchmark.startMeasurement()
        fixture.state.apply(.key(.home), at: fixture.moment())
        blackHole(fixture.render())
        benchmark.stopMeasurement()
        fixture.state.apply(.key(.end), at: fixture.moment())
    }

    Benchmark("client render only, 100k transcript", configuration: configuration) { benchmark in
        blackHole(ClientFixture.shared.render())
    }

    var serverConfiguration = configuration
    serverConfiguration.setup = { _ = ServerFixture.shared.state.received.count }

    Benchmark("server frame at 120x35, UDP flood: 132 events + counters + render", configuration: serverConfiguration) {
        benchmark in
        let fixture = ServerFixture.shared
        let (batch, counters, moment) = fixture.nextFrame()
        benchmark.startMeasurement()
        fixture.state.apply(.events(batch, dropped: ServerFixture.droppedPerFrame))
        fixture.state.apply(.counters(counters, at: moment))
        blackHole(fixture.render())
        benchmark.stopMeasurement()
    }

    Benchmark("server frame at 120x35, UDP flood: events + counters only", configuration: serverConfiguration) {
        benchmark in
        let fixture = ServerFixture.shared
        let (batch, counters, moment) = fixture.nextFrame()
        benchmark.startMeasurement()
        fixture.state.apply(.events(batch, dropped: ServerFixture.droppedPerFrame))
        fixture.state.apply(.counters(counters, at: moment))
        benchmark.stopMeasurement()
    }

    Benchmark("server frame at 120x35, UDP flood: render only", configuration: serverConfiguration) { benchmark in
        blackHole(ServerFixture.shared.render())
    }
}

/// One client screen, kept from sample to sample as the program keeps it (a copy would copy the transcript).
/// Used from one thread at a time (the benchmark runs one sample after another), hence `@unchecked Sendable`.
final class ClientFixture: @unchecked Sendable {
    static let shared = ClientFixture()

    static let width = 120
    static let height = 35
    static let entries = 100_000
    static let server = Endpoint(host: "127.0.0.1", port: 12000)
    static let local = Endpoint(host: "127.0.0.1", port: 50000)

    var state: ClientScreenState
    let socket: Int
    let base = ContinuousClock.now
    var milliseconds = 0
    var sent = 0

    /// 50,000 lines typed and sent over UDP, each answered: with the greeting, more than 100,000 entries, so the
    /// transcript is full and has dropped its oldest. Every tenth line is 200 characters (3 rows at 120 columns).
    init() {
        let started = ContinuousClock.now
        state = ClientScreenState(
            server: Self.server,
            transport: .udp,
            timeout: .seconds(1),
            transcriptCapacity: Self.entries
        )
        state.apply(.resize(width: Self.width, height: Self.height), at: Moment(instant: base, wallClock: "14:02:11"))
        let effects = state.apply(.start, at: Moment(instant: base, wallClock: "14:02:11"))
        guard case .session(.open(let id, _, _))? = effects.last else {
            fatalError("the client screen opened no socket")
        }
        socket = id
        state.apply(
            .report(.event(.ready(.udp, remote: Self.server, local: Self.local, setup: nil)), socket: id),
            at: Moment(instant: base, wallClock: "14:02:11")
        )
        for _ in 0..<(Self.entries / 2) {
            let line = nextLine()
            type(line)
            state.apply(.key(.enter), at: moment())
            reply(to: line)
        }
        let wrapping = (0..<state.transcript.count).filter { state.transcript[$0].text.count > 90 }.count
        let replies = (0..<state.transcript.count).filter { state.transcript[$0].kind == .reply }.count
        precondition(state.transcript.count == Self.entries, "transcript not full: \(state.transcript.count)")
        precondition(replies >= Self.entries / 2 - 1, "replies not matched: \(replies)")
        let took = ContinuousClock.now - started
        FileHandle.standardError.write(
            Data(
                ("client fixture: \(state.transcript.count) entries, \(replies) replies, \(wrapping) longer than one "
                    + "row, built in \(took)\n").utf8
            )
        )
    }

    /// The next line to send: short ones, and every tenth 200 characters long.
    func nextLine() -> String {
        sent += 1
        let head = "line \(sent) from the class"
        guard sent % 10 == 0 else { return head }
        let filler = " the quick brown fox jumps over the lazy dog"
        return String((head + String(repeating: filler, count: 5)).prefix(200))
    }

    func moment() -> Moment {
        Moment(instant: base + .milliseconds(milliseconds), wallClock: "14:02:11")
    }

    func type(_ line: String) {
        milliseconds += 1
        for character in line { state.apply(.key(.character(character)), at: moment()) }
    }

    /// The server's answer, 300 µs after the line went out.
    func reply(to line: String) {
        let bytes = Array(line.uppercased().utf8)
        let at = base + .milliseconds(milliseconds) + .microseconds(300)
        state.apply(.report(.event(.received(.udp, bytes, at: at)), socket: socket), at: moment())
    }

    /// The whole screen drawn into a fresh buffer, as the terminal loop draws a frame.
    func render() -> ScreenBuffer {
        var buffer = ScreenBuffer(width: Self.width, height: Self.height)
        state.render(into: &buffer, area: buffer.bounds, focused: true, ascii: false)
        state.markRendered()
        return buffer
    }
}

/// One server screen under a UDP flood from eight senders (the C loadgen's UDP 8×32), both panes full.
/// Used from one thread at a time, as the client fixture.
final class ServerFixture: @unchecked Sendable {
    static let shared = ServerFixture()

    static let width = 120
    static let height = 35
    /// The events a frame carries: 4,000 listed a second (`ShoutServer.listedEventsPerSecond`) at 30 frames a
    /// second, as pairs (`received`, `replied`).
    static let datagramsPerFrame = 66
    /// What the budget left out in a frame at about 150,000 datagrams a second: two events each, less those listed.
    static let droppedPerFrame = 150_000 * 2 / 30 - 2 * datagramsPerFrame

    var state: ServerScreenState
    let counters = ServerCounters()
    let startedAt = Date(timeIntervalSince1970: 1_795_615_331)
    let base = ContinuousClock.now
    var frame = 0
    let payload = Payload(Array(String(repeating: "abcdefghijklmnopqrstuvwxyz", count: 3).prefix(64).utf8))
    let reply = Payload(Array(String(repeating: "ABCDEFGHIJKLMNOPQRSTUVWXYZ", count: 3).prefix(64).utf8))
    let senders = (0..<8).map { Endpoint(host: "127.0.0.1", port: 40_001 + $0) }

    /// Ten seconds of frames applied first, so both panes hold their 10,000 lines and every sender is listed.
    init() {
        let info = ServerScreenInfo(
            transports: [.udp, .tcp],
            port: 12000,
            addresses: ["127.0.0.1", "192.168.1.20"],
            startedAt: startedAt
        )
        state = ServerScreenState(info: info)
        state.apply(.resize(width: Self.width, height: Self.height))
        for _ in 0..<300 {
            let (batch, counters, moment) = nextFrame()
            state.apply(.events(batch, dropped: Self.droppedPerFrame))
            state.apply(.counters(counters, at: moment))
        }
        precondition(state.received.count == state.received.capacity, "received pane not full")
        precondition(state.replies.count == state.replies.capacity, "replies pane not full")
    }

    /// The next frame's batch (33 ms later), the counters after it, and its moment.
    func nextFrame() -> ([ServerEvent], ServerCounters.Snapshot, Moment) {
        frame += 1
        let date = startedAt.addingTimeInterval(Double(frame) / 30)
        var batch: [ServerEvent] = []
        batch.reserveCapacity(2 * Self.datagramsPerFrame)
        for index in 0..<Self.datagramsPerFrame {
            let peer = senders[index % senders.count]
            batch.append(ServerEvent(time: date, .received(.udp, peer: peer, payload: payload)))
            batch.append(ServerEvent(time: date, .replied(.udp, peer: peer, payload: reply)))
        }
        let datagrams = 150_000 / 30
        counters.received.wrappingAdd(datagrams, ordering: .relaxed)
        counters.replied.wrappingAdd(datagrams, ordering: .relaxed)
        counters.bytesIn.wrappingAdd(64 * datagrams, ordering: .relaxed)
        counters.bytesOut.wrappingAdd(64 * datagrams, ordering: .relaxed)
        let moment = Moment(instant: base + .milliseconds(frame * 33), wallClock: "14:02:11", date: date)
        return (batch, counters.snapshot, moment)
    }

    /// The whole screen drawn into a fresh buffer, as the terminal loop draws a frame.
    func render() -> ScreenBuffer {
        var buffer = ScreenBuffer(width: Self.width, height: Self.height)
        ServerScreenRenderer.render(state, into: &buffer, area: buffer.bounds, focused: true, ascii: false)
        state.markRendered()
        return buffer
    }
}
