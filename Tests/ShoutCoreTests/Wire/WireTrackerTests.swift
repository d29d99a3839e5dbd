import FoundationEssentials
import Testing

@testable import ShoutCore

@Suite("The wire: packets parsed, numbered from 0 per connection, retransmissions named")
struct WireTrackerTests {
    static let time = Date(timeIntervalSince1970: 1_000_000)

    /// The words of each packet through one tracker of port 23470.
    static func words(_ packets: [[UInt8]], port: Int = 23470) throws -> [String] {
        var tracker = WireTracker(port: port)
        return try packets.map { bytes in
            let packet = try parsed(bytes)
            let record = tracker.record(packet, at: time)
            return WireFormatter.words(try #require(record))
        }
    }

    @Test("a textbook TCP exchange: the handshake, the data both ways, both FINs, relative numbers, scaled windows")
    func tcpExchange() throws {
        #expect(
            try Self.words(RecordedPackets.tcp4) == [
                "tcp 127.0.0.1:46572 → :23470 SYN seq 0 win 65495",
                "tcp 127.0.0.1:46572 ← :23470 SYN-ACK seq 0 ack 1 win 65483",
                "tcp 127.0.0.1:46572 → :23470 ACK seq 1 ack 1 win 65536",
                "tcp 127.0.0.1:46572 → :23470 PSH-ACK 5 B \"hello\" seq 1 ack 1 win 65536",
                "tcp 127.0.0.1:46572 ← :23470 ACK seq 1 ack 6 win 65536",
                "tcp 127.0.0.1:46572 ← :23470 PSH-ACK 5 B \"HELLO\" seq 1 ack 6 win 65536",
                "tcp 127.0.0.1:46572 → :23470 ACK seq 6 ack 6 win 65536",
                "tcp 127.0.0.1:46572 → :23470 FIN-ACK seq 6 ack 6 win 65536",
                "tcp 127.0.0.1:46572 ← :23470 FIN-ACK seq 6 ack 7 win 65536",
                "tcp 127.0.0.1:46572 → :23470 ACK seq 7 ack 7 win 65536",
            ]
        )
    }

    @Test("a segment sent again (data, or a SYN) is a retransmission; the first one is not")
    func retransmission() throws {
        var tracker = WireTracker(port: 23470)
        func take(_ bytes: [UInt8]) throws -> WireRecord.TCPSegment {
            let packet = try parsed(bytes)
            let taken = tracker.record(packet, at: Self.time)
            let record = try #require(taken)
            guard case .tcp(let segment) = record.content else { throw TestFailure("not TCP") }
            return segment
        }
        let packets = RecordedPackets.tcp4
        #expect(try take(packets[0]).isRetransmission == false)
        #expect(try take(packets[0]).isRetransmission == true)
        for packet in packets[1...2] { _ = try take(packet) }
        #expect(try take(packets[3]).isRetransmission == false)
        let again = try take(packets[3])
        #expect(again.isRetransmission && again.sequence == 1 && again.payload.size == 5)
        // An ACK takes no sequence space: the same ACK twice is no retransmission.
        #expect(try take(packets[2]).isRetransmission == false)
        let third = tracker.record(try parsed(packets[3]), at: Self.time)
        let record = try #require(third)
        #expect(WireFormatter.words(record).hasSuffix("seq 1 ack 1 win 65536 (retransmission)"))
    }

    @Test("a new SYN from the same port with another initial number starts the numbers again")
    func newConnectionOnSamePorts() throws {
        var tracker = WireTracker(port: 23470)
        for packet in RecordedPackets.tcp4 { _ = tracker.record(try parsed(packet), at: Self.time) }
        var syn = RecordedPackets.tcp4[0]
        syn[24] &+= 7  // another initial sequence number
        let again = tracker.record(try parsed(syn), at: Self.time)
        let record = try #require(again)
        #expect(WireFormatter.words(record) == "tcp 127.0.0.1:46572 → :23470 SYN seq 0 win 65495")
    }

    @Test("a connection seen from the middle counts from its first segment seen")
    func midConnection() throws {
        #expect(
            try Self.words(Array(RecordedPackets.tcp4[3...5])) == [
                "tcp 127.0.0.1:46572 → :23470 PSH-ACK 5 B \"hello\" seq 0 ack 0 win 64",
                "tcp 127.0.0.1:46572 ← :23470 ACK seq 0 ack 5 win 64",
                "tcp 127.0.0.1:46572 ← :23470 PSH-ACK 5 B \"HELLO\" seq 0 ack 5 win 64",
            ]
        )
    }

    @Test("UDP datagrams with their size, and the ICMP port unreachable a closed port sends back, IPv4 and IPv6")
    func udpAndICMP() throws {
        #expect(
            try Self.words([RecordedPackets.udp4, RecordedPackets.icmp4]) == [
                "udp 127.0.0.1:51253 → :23470 2 B \"hi\"",
                "icmp 127.0.0.1 ← ICMP port unreachable (udp 127.0.0.1:51253 → :23470)",
            ]
        )
        #expect(
            try Self.words([RecordedPackets.udp6, RecordedPackets.icmp6]) == [
                "udp [::1]:53970 → :23470 3 B \"hi6\"",
                "icmp ::1 ← ICMP port unreachable (udp [::1]:53970 → :23470)",
            ]
        )
    }

    @Test("an ICMP error about a reply the server sent comes in from the peer")
    func icmpAboutAReply() throws {
        // The same error, as if the server on 51253 had sent the datagram to 23470: seen from port 51253.
        #expect(
            try Self.words([RecordedPackets.icmp4], port: 51253) == [
                "icmp 127.0.0.1 → ICMP port unreachable (udp :51253 → 127.0.0.1:23470)"
            ]
        )
    }

    @Test("IPv6 TCP: the SYN of [::1]:42950")
    func tcp6() throws {
        #expect(try Self.words([RecordedPackets.tcp6Syn]) == ["tcp [::1]:42950 → :23470 SYN seq 0 win 65476"])
    }

    @Test("a packet of another port is not recorded")
    func otherPort() throws {
        var tracker = WireTracker(port: 12000)
        #expect(tracker.record(try parsed(RecordedPackets.tcp4[0]), at: Self.time) == nil)
        #expect(tracker.record(try parsed(RecordedPackets.icmp4), at: Self.time) == nil)
    }

    @Test("the tracker forgets connections past its limit, finished ones first")
    func bounded() throws {
        var tracker = WireTracker(port: 23470)
        var syn = RecordedPackets.tcp4[0]
        for index in 0..<(WireTracker.connectionLimit + 10) {
            syn[20] = UInt8(index >> 8)
            syn[21] = UInt8(index & 0xFF)
            syn[12] = UInt8(index >> 16)
            _ = tracker.record(try parsed(syn), at: Self.time)
        }
        #expect(tracker.connectionCount <= WireTracker.connectionLimit)
    }
}

struct TestFailure: Error {
    let description: String
    init(_ description: String) { self.description = description }
}
