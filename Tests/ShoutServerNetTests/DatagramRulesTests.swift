import Glibc
import ShoutCore
import ShoutSockets
import Testing

@testable import ShoutServerNet

/// A generator that returns the same word every time: a draw the test chooses.
struct FixedDraw: RandomNumberGenerator {
    var word: UInt64
    mutating func next() -> UInt64 { word }
}

/// The server's decision about one datagram, driven directly with the clock and the draws it is given.
@Suite struct DatagramRulesTests {
    static func key(_ last: UInt8) -> SourceAddress {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(10) | UInt32(last) << 24
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { SourceAddress($0) }
        }
    }

    static func decide(
        _ rules: inout DatagramRules,
        port: Int = 40_000,
        source: SourceAddress = key(1),
        cost: Int = 100,
        held: Int = 0,
        impairments: Impairments = Impairments(),
        now: UInt64 = 0,
        draw: UInt64 = 1 << 56,
        labPing: Bool = false
    ) -> DatagramRules.Fate {
        var random = FixedDraw(word: draw)
        return rules.decide(
            sourcePort: port,
            source: { source },
            replyCost: cost,
            heldBytes: held,
            impairments: impairments,
            now: now,
            random: &random,
            isLabPing: { labPing }
        )
    }

    @Test("a privileged source port or the server's own is refused; any other is answered at once")
    func refusedPorts() {
        var rules = DatagramRules(ownPort: 12000)
        #expect(Self.decide(&rules, port: 0) == .drop(.refused))
        #expect(Self.decide(&rules, port: 1023) == .drop(.refused))
        #expect(Self.decide(&rules, port: 12000) == .drop(.refused))
        #expect(Self.decide(&rules, port: 1024) == .answer(delayMilliseconds: 0))
        #expect(Self.decide(&rules, port: 12001) == .answer(delayMilliseconds: 0))
    }

    @Test("the rate limit is per sender and refills with the clock it is given")
    func rateLimit() {
        var rules = DatagramRules(rateLimit: 2)
        let (one, two) = (Self.key(1), Self.key(2))
        #expect(Self.decide(&rules, source: one, now: 0) == .answer(delayMilliseconds: 0))
        #expect(Self.decide(&rules, source: one, now: 0) == .answer(delayMilliseconds: 0))
        #expect(Self.decide(&rules, source: one, now: 0) == .drop(.rateLimited))
        #expect(Self.decide(&rules, source: two, now: 0) == .answer(delayMilliseconds: 0))
        // Half a second later one token has come back for the first sender.
        #expect(Self.decide(&rules, source: one, now: 500_000_000) == .answer(delayMilliseconds: 0))
        #expect(Self.decide(&rules, source: one, now: 500_000_000) == .drop(.rateLimited))
    }

    @Test("--drop follows the draw: below the percentage drops, at or above it answers; 100 % drops without one")
    func drop() {
        var rules = DatagramRules()
        let half = Impairments(drop: 50)
        // Int.random(in: 0..<100) maps the word onto the range by its high part: 2⁵⁶ draws 0, UInt64.max draws 99
        // (a word of 0 would be rejected, and drawn again for ever).
        #expect(Self.decide(&rules, impairments: half, draw: 1 << 56) == .drop(.impairment))
        #expect(Self.decide(&rules, impairments: half, draw: .max) == .answer(delayMilliseconds: 0))
        #expect(Self.decide(&rules, impairments: Impairments(drop: 100), draw: .max) == .drop(.impairment))
    }

    @Test("--delay and --jitter: the delay plus the jitter drawn; a held reply past the room is dropped as held-full")
    func delay() {
        var rules = DatagramRules(heldRoom: 1000)
        #expect(Self.decide(&rules, impairments: Impairments(delay: 200)) == .answer(delayMilliseconds: 200))
        let jittery = Impairments(delay: 200, jitter: 100)
        #expect(Self.decide(&rules, impairments: jittery, draw: 1 << 56) == .answer(delayMilliseconds: 200))
        #expect(Self.decide(&rules, impairments: jittery, draw: .max) == .answer(delayMilliseconds: 300))
        #expect(
            Self.decide(&rules, cost: 400, held: 600, impairments: Impairments(delay: 1))
                == .answer(delayMilliseconds: 1)
        )
        #expect(Self.decide(&rules, cost: 401, held: 600, impairments: Impairments(delay: 1)) == .drop(.heldFull))
        // A reply sent at once takes no room.
        #expect(Self.decide(&rules, cost: 401, held: 600) == .answer(delayMilliseconds: 0))
    }

    @Test("the rules apply in order: refused before rate-limited before dropped")
    func order() {
        var rules = DatagramRules(ownPort: 12000, rateLimit: 1)
        let all = Impairments(drop: 100)
        #expect(Self.decide(&rules, port: 80, impairments: all) == .drop(.refused))
        #expect(Self.decide(&rules, impairments: all) == .drop(.impairment))
        #expect(Self.decide(&rules, impairments: all) == .drop(.rateLimited))
    }

    @Test("the live impairments hold every value a key or an option can set, changed in one store")
    func liveImpairments() {
        let live = LiveImpairments(Impairments(drop: 10, delay: 500, jitter: 300))
        #expect(live.current == Impairments(drop: 10, delay: 500, jitter: 300))
        for value in [Impairments(), Impairments(drop: 100, delay: 60_000, jitter: 60_000), Impairments(jitter: 1)] {
            live.set(value)
            #expect(live.current == value)
        }
        #expect(Impairments(drop: 150, delay: -5, jitter: 90_000) == Impairments(drop: 100, delay: 0, jitter: 60_000))
    }

    @Test(
        "--grade: the third lab ping of each peer (address and port) is dropped on purpose; other datagrams count not"
    )
    func gradeDropsTheThird() {
        var rules = DatagramRules(grade: true)
        for peer in [40_000, 40_001] {
            #expect(Self.decide(&rules, port: peer, labPing: true) == .answer(delayMilliseconds: 0))
            #expect(Self.decide(&rules, port: peer, labPing: false) == .answer(delayMilliseconds: 0))
            #expect(Self.decide(&rules, port: peer, labPing: true) == .answer(delayMilliseconds: 0))
            #expect(Self.decide(&rules, port: peer, labPing: true) == .drop(.graded))
            #expect(Self.decide(&rules, port: peer, labPing: true) == .answer(delayMilliseconds: 0))
        }
        // The same port from another address is another peer.
        for _ in 0..<2 { _ = Self.decide(&rules, source: Self.key(2), labPing: true) }
        #expect(Self.decide(&rules, source: Self.key(2), labPing: true) == .drop(.graded))
        // Without --grade nothing is dropped on purpose.
        var plain = DatagramRules()
        for _ in 0..<5 { #expect(Self.decide(&plain, labPing: true) == .answer(delayMilliseconds: 0)) }
    }

    @Test("--grade drops none on purpose when --drop already dropped one of a peer's first three")
    func gradeAfterImpairment() {
        var rules = DatagramRules(grade: true)
        let always = Impairments(drop: 100)
        #expect(Self.decide(&rules, labPing: true) == .answer(delayMilliseconds: 0))
        #expect(Self.decide(&rules, impairments: always, draw: 0, labPing: true) == .drop(.impairment))
        for _ in 0..<5 { #expect(Self.decide(&rules, labPing: true) == .answer(delayMilliseconds: 0)) }
    }

    @Test("--grade's count of peers is bounded: two generations of its capacity")
    func gradeBounded() {
        var drops = GradingDrops(capacity: 4)
        for port in 0..<20 {
            _ = drops.dropsOnPurpose(GradingDrops.Peer(address: Self.key(1), port: port), droppedAlready: false)
        }
        #expect(drops.trackedPeers <= 8)
    }
}
