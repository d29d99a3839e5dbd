/// The grader's side of each scenario as decisions, with no I/O: what to do with a datagram, when a TCP request is
/// whole, what to write back, and when the run is over. Times scale with the unit (`--timeout`, 1 s by default).
public struct ClientLabScript: Sendable {
    /// What to do with a datagram.
    public enum DatagramAction: Sendable, Equatable {
        /// Send these bytes back after this long.
        case reply([UInt8], after: Duration)
        /// Drop it on purpose (the grader says so).
        case drop
        /// Leave it unanswered: past the datagrams a run answers (a flood).
        case ignore
    }

    /// Datagrams answered in a run at most; the rest of a flood is only counted.
    public static let answeredAtMost = 16
    /// Heartbeats whose replies are dropped, by order of arrival (the 2nd and the 4th).
    public static let heartbeatDrops: Set<Int> = [1, 3]
    /// Heartbeats after which a heartbeat run is over.
    public static let heartbeatsWatched = 7

    /// The run's unit of time: `--timeout`.
    public var unit: Duration

    public init(unit: Duration) { self.unit = unit }

    /// `units` of the run's unit.
    public func units(_ units: Double) -> Duration { unit * units }

    /// What to do with datagram number `index` (from 0) of a run of `scenario`.
    public func datagram(_ bytes: [UInt8], index: Int, scenario: ClientScenario) -> DatagramAction {
        guard index < Self.answeredAtMost else { return .ignore }
        switch scenario {
        case .lostReply:
            return .drop
        case .pings:
            if PingerPlan.dropped.contains(index) { return .drop }
            return .reply(PingerPlan.reply(to: bytes, index: index), after: units(PingerPlan.hold(index)))
        case .heartbeats:
            return Self.heartbeatDrops.contains(index) ? .drop : .reply(Uppercasing.uppercased(bytes), after: .zero)
        default:
            return .reply(Uppercasing.uppercased(bytes), after: .zero)
        }
    }

    /// Whether a TCP request is whole: the typed sentence, alone or with a line end. Otherwise the grader answers
    /// what came once the client has been quiet for a unit.
    public static func requestIsWhole(_ received: [UInt8], typed: [UInt8]) -> Bool {
        received == typed || received == typed + [0x0A] || received == typed + [0x0D, 0x0A]
    }

    /// The writes that answer a TCP request, each after the run's start of answering: one write, or for
    /// ``ClientScenario/splitReply`` two, 0.2 units apart, cut inside a character. The grader closes its side after.
    public func writes(answering received: [UInt8], scenario: ClientScenario) -> [(bytes: [UInt8], after: Duration)] {
        let reply = Uppercasing.uppercased(received)
        guard scenario == .splitReply, reply.count > 1 else { return [(reply, .zero)] }
        let cut = Self.cutInsideCharacter(reply)
        return [(Array(reply[..<cut]), .zero), (Array(reply[cut...]), units(0.2))]
    }

    /// Where to cut `bytes` in two: inside the first multi-byte character of the second half, else in the middle.
    static func cutInsideCharacter(_ bytes: [UInt8]) -> Int {
        let half = bytes.count / 2
        return bytes.indices.first { $0 >= half && $0 > 0 && bytes[$0] & 0xC0 == 0x80 } ?? max(1, half)
    }

    /// The least a client is given to make contact, whatever the unit: an interpreter on a busy machine takes
    /// seconds to start.
    public static let startAtLeast: Duration = .seconds(5)
    /// The least a client is given to print a reply and exit.
    public static let exitAtLeast: Duration = .seconds(1)

    /// When a run of `scenario` is over (an offset from the client's start), given what it has seen so far: the
    /// time of the last datagram or read, of the grader's last reply, and how many datagrams came. A client that
    /// exits ends its run sooner.
    public func endsAt(
        scenario: ClientScenario?,
        lastContact: Duration?,
        lastReply: Duration?,
        datagrams: Int
    ) -> Duration {
        guard let lastContact, let scenario else { return max(units(5), Self.startAtLeast) }
        switch scenario {
        case .lostReply:
            // Five units from the request the grader never answers.
            return lastContact + units(5)
        case .pings:
            // A client that never stops pinging is stopped all the same (the start's allowance on top).
            return min(lastContact + units(3), units(30) + Self.startAtLeast)
        case .heartbeats:
            if datagrams >= Self.heartbeatsWatched { return lastContact + units(0.2) }
            return min(lastContact + units(4), units(12) + Self.startAtLeast)
        default:
            // Waiting for the reply to be printed and the client to exit.
            return max(lastContact, lastReply ?? lastContact) + max(units(2), Self.exitAtLeast)
        }
    }
}
