import FoundationEssentials
import Testing

@testable import ShoutCore

@Suite("The client's own packets among the capture of the server's port")
struct ClientWireFilterTests {
    static let time = Date(timeIntervalSince1970: 1_000_000)
    static let server = Endpoint(host: "127.0.0.1", port: 12000)
    static let mine = Endpoint(host: "127.0.0.1", port: 41881)
    static let theirs = Endpoint(host: "127.0.0.1", port: 52000)

    /// A TCP segment between `client` and the server, `seconds` after ``time``.
    static func tcp(
        _ flags: TCPFlags,
        _ client: Endpoint = mine,
        incoming: Bool = true,
        at seconds: Double = 0
    ) -> WireRecord {
        WireRecord(
            time: time.addingTimeInterval(seconds),
            direction: incoming ? .incoming : .outgoing,
            peer: client,
            local: server,
            content: .tcp(
                .init(
                    flags: flags,
                    sequence: 0,
                    acknowledgement: flags.contains(.ack) ? 1 : nil,
                    window: 65495,
                    payload: Payload([]),
                    isRetransmission: false
                )
            )
        )
    }

    /// A UDP datagram from `client` to the server.
    static func udp(_ text: String, _ client: Endpoint = mine, at seconds: Double = 0) -> WireRecord {
        WireRecord(
            time: time.addingTimeInterval(seconds),
            direction: .incoming,
            peer: client,
            local: server,
            content: .udp(Payload(Array(text.utf8)))
        )
    }

    /// The server's host saying port unreachable about a datagram `client` sent to `port`.
    static func portUnreachable(from client: Endpoint, to port: Int) -> WireRecord {
        WireRecord(
            time: time,
            direction: .outgoing,
            peer: Endpoint(host: client.host, port: 0),
            local: Endpoint(host: server.host, port: 0),
            content: .icmp(
                WireICMP(
                    message: "port unreachable",
                    transport: .udp,
                    source: client,
                    destination: Endpoint(host: server.host, port: port)
                )
            )
        )
    }

    static func words(_ records: [WireRecord]) -> [String] {
        records.map { WireFormatter.words($0, compact: true) }
    }

    @Test("a known socket's packets are kept, another client's on the same server port are not")
    func ownOnly() {
        var filter = ClientWireFilter()
        filter.own(Self.mine, over: .udp)
        let kept = filter.take([Self.udp("hello"), Self.udp("other", Self.theirs), Self.udp("again")], now: Self.time)
        #expect(Self.words(kept) == ["udp :41881 → 5 B \"hello\"", "udp :41881 → 5 B \"again\""])
        // The same port over the other transport is another socket.
        #expect(filter.take([Self.tcp(.syn)], now: Self.time).isEmpty)
        // Another address with the same port (a client on another host) is not the client either.
        #expect(filter.take([Self.udp("far", Endpoint(host: "10.0.0.7", port: 41881))], now: Self.time).isEmpty)
    }

    @Test("the handshake, read before the connection says its port, is held and then kept in order")
    func handshakeHeld() {
        var filter = ClientWireFilter()
        let handshake = [
            Self.tcp(.syn), Self.tcp(.syn, Self.theirs, at: 0.0001),
            Self.tcp([.syn, .ack], incoming: false, at: 0.001),
        ]
        #expect(filter.take(handshake, now: Self.time).isEmpty)
        #expect(filter.pendingCount == 3)
        filter.own(Self.mine, over: .tcp)
        let kept = filter.take([Self.tcp(.ack, at: 0.002)], now: Self.time.addingTimeInterval(0.01))
        #expect(
            Self.words(kept) == [
                "tcp :41881 → SYN seq 0", "tcp :41881 ← SYN-ACK seq 0 ack 1", "tcp :41881 → ACK seq 0 ack 1",
            ]
        )
        // The other client's SYN is still held, until the hold runs out.
        #expect(filter.pendingCount == 1)
        #expect(filter.take([], now: Self.time.addingTimeInterval(ClientWireFilter.holdLimit + 1)).isEmpty)
        #expect(filter.pendingCount == 0)
    }

    @Test("the FINs after the socket closed are still the client's")
    func afterClose() {
        var filter = ClientWireFilter()
        filter.own(Self.mine, over: .tcp)
        filter.own(Endpoint(host: "127.0.0.1", port: 50000), over: .udp)
        let kept = filter.take([Self.tcp([.fin, .ack]), Self.tcp([.fin, .ack], incoming: false)], now: Self.time)
        #expect(kept.count == 2)
    }

    @Test("an ICMP error is the client's when the packet it quotes is")
    func icmp() {
        var filter = ClientWireFilter()
        filter.own(Self.mine, over: .udp)
        let kept = filter.take(
            [Self.portUnreachable(from: Self.theirs, to: 12001), Self.portUnreachable(from: Self.mine, to: 12001)],
            now: Self.time
        )
        #expect(Self.words(kept) == ["icmp 127.0.0.1 ← ICMP port unreachable (udp 127.0.0.1:41881 → :12001)"])
    }

    @Test("held records and remembered sockets are bounded")
    func bounded() {
        var filter = ClientWireFilter()
        let many = (0..<(ClientWireFilter.pendingLimit + 50)).map {
            Self.udp("x", Endpoint(host: "127.0.0.1", port: 20000 + $0))
        }
        _ = filter.take(many, now: Self.time)
        #expect(filter.pendingCount == ClientWireFilter.pendingLimit)
        // The oldest were dropped: port 20000's datagram is gone, 20000 + 50's still held.
        filter.own(Endpoint(host: "127.0.0.1", port: 20000), over: .udp)
        filter.own(Endpoint(host: "127.0.0.1", port: 20050), over: .udp)
        #expect(Self.words(filter.take([], now: Self.time)) == ["udp :20050 → 1 B \"x\""])
        for port in 30000..<(30000 + ClientWireFilter.ownedLimit) {
            filter.own(Endpoint(host: "127.0.0.1", port: port), over: .udp)
        }
        #expect(!filter.isOwn(Self.udp("x", Endpoint(host: "127.0.0.1", port: 20050))))
        #expect(filter.isOwn(Self.udp("x", Endpoint(host: "127.0.0.1", port: 30000 + ClientWireFilter.ownedLimit - 1))))
    }
}
