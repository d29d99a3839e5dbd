import FoundationEssentials
import Testing

@testable import ShoutCore

@Suite("The wire: a packet from its bytes, and its log lines")
struct WirePacketTests {
    @Test("a SYN's fields: ports, raw numbers, flags, window and its scale option")
    func synFields() throws {
        let packet = try parsed(RecordedPackets.tcp4[0])
        #expect(packet.source == Endpoint(host: "127.0.0.1", port: 46572))
        #expect(packet.destination == Endpoint(host: "127.0.0.1", port: 23470))
        guard case .tcp(let header) = packet.content else { throw TestFailure("not TCP") }
        #expect(header.sequence == 0xFFCF_82DA)
        #expect(header.flags == [.syn])
        #expect(header.window == 65495)
        #expect(header.windowScale == 10)
        #expect(header.payload.size == 0)
        #expect(header.sequenceLength == 1)
    }

    @Test("a packet cut short by the snap length keeps its size from the headers, and what arrived as its preview")
    func cutShort() throws {
        let whole = RecordedPackets.tcp4[3]
        let packet = try parsed(Array(whole.prefix(whole.count - 2)))
        guard case .tcp(let header) = packet.content else { throw TestFailure("not TCP") }
        #expect(header.payload.size == 5)
        #expect(header.payload.preview == Array("hel".utf8))
        #expect(header.payload.isCut)
    }

    @Test("bytes that are no IP packet of TCP, UDP or an ICMP error are refused, never a crash")
    func refused() {
        #expect(WirePacket.parse([]) == nil)
        #expect(WirePacket.parse([0x45]) == nil)
        #expect(WirePacket.parse(Array(RecordedPackets.tcp4[0].prefix(30))) == nil)
        #expect(WirePacket.parse([UInt8](repeating: 0x60, count: 39)) == nil)
        var echo = RecordedPackets.icmp4
        echo[20] = 8  // an echo request is not an error
        #expect(WirePacket.parse(echo) == nil)
        var later = RecordedPackets.udp4
        later[7] = 0x10  // a later fragment has no ports
        #expect(WirePacket.parse(later) == nil)
        for length in 0..<RecordedPackets.icmp6.count {
            _ = WirePacket.parse(Array(RecordedPackets.icmp6.prefix(length)))
            _ = WirePacket.parse(Array(RecordedPackets.tcp4[1].prefix(length)))
        }
    }

    @Test(
        "TCP flags in words",
        arguments: [
            (TCPFlags.syn, "SYN"), ([.syn, .ack], "SYN-ACK"), ([.psh, .ack], "PSH-ACK"), ([.fin, .ack], "FIN-ACK"),
            ([.rst], "RST"), ([.rst, .ack], "RST-ACK"), ([.fin, .psh, .ack], "FIN-PSH-ACK"), ([], "none"),
        ] as [(TCPFlags, String)]
    )
    func flagWords(flags: TCPFlags, words: String) {
        #expect(flags.words == words)
    }

    @Test("IPv6 addresses in their short form")
    func ipv6Text() {
        #expect(IPAddressText.text([UInt8](repeating: 0, count: 15) + [1]) == "::1")
        #expect(IPAddressText.text([UInt8](repeating: 0, count: 16)) == "::")
        #expect(IPAddressText.text([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]) == "2001:db8::1")
        // The longest run of zero groups is the one shortened.
        #expect(
            IPAddressText.text([0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3]) == "1:0:0:2::3"
        )
        #expect(IPAddressText.text([0, 1, 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7]) == "1:0:2:3:4:5:6:7")
        #expect(IPAddressText.text([10, 199, 0, 2]) == "10.199.0.2")
    }

    @Test("the segment line, text and JSON")
    func lines() throws {
        var tracker = WireTracker(port: 23470)
        var records: [WireRecord] = []
        for bytes in RecordedPackets.tcp4.prefix(4) + [RecordedPackets.udp4, RecordedPackets.icmp4] {
            let packet = try parsed(bytes)
            let record = tracker.record(packet, at: Date(timeIntervalSince1970: 1_800_000_000.25))
            records.append(try #require(record))
        }
        #expect(
            WireFormatter.line(records[3], format: .text).hasSuffix(
                ".250 segment tcp 127.0.0.1:46572 → :23470 PSH-ACK 5 B \"hello\" seq 1 ack 1 win 65536"
            )
        )
        #expect(
            WireFormatter.line(records[3], format: .json)
                == "{\"time\":\"2027-01-15T08:00:00.250Z\",\"event\":\"segment\",\"transport\":\"tcp\","
                + "\"direction\":\"in\",\"peer\":\"127.0.0.1:46572\",\"local\":\"127.0.0.1:23470\","
                + "\"flags\":\"PSH-ACK\",\"seq\":1,\"ack\":1,\"len\":5,\"window\":65536,\"retransmission\":false,"
                + "\"bytes\":5,\"text\":\"hello\",\"truncated\":false}"
        )
        #expect(WireFormatter.line(records[0], format: .json).contains("\"flags\":\"SYN\",\"seq\":0,\"ack\":null"))
        #expect(
            WireFormatter.line(records[5], format: .json).hasSuffix(
                "\"transport\":\"icmp\",\"direction\":\"out\",\"peer\":\"127.0.0.1\",\"local\":\"127.0.0.1\","
                    + "\"icmp\":\"port unreachable\",\"quoted_transport\":\"udp\","
                    + "\"quoted_source\":\"127.0.0.1:51253\",\"quoted_destination\":\"127.0.0.1:23470\"}"
            )
        )
        #expect(
            WireFormatter.missedLine(7, format: .text)
                == "(at least 7 segments not shown: the capture could not keep up; the server served them)"
        )
        #expect(
            WireFormatter.missedLine(7, format: .json) == "{\"event\":\"missed\",\"what\":\"segments\",\"count\":7}"
        )
    }

    @Test("a peer's control characters in a payload are escaped on the line")
    func escaped() throws {
        var bytes = RecordedPackets.udp4
        bytes[28] = 0x1B
        let record = try #require(WireTracker(port: 23470).recordOnce(try parsed(bytes)))
        #expect(WireFormatter.words(record) == "udp 127.0.0.1:51253 → :23470 2 B \"\\x1bi\"")
    }
}

extension WireTracker {
    fileprivate func recordOnce(_ packet: WirePacket) -> WireRecord? {
        var copy = self
        return copy.record(packet, at: Date(timeIntervalSince1970: 0))
    }
}
