import NIOCore
import NIOEmbedded
import ShoutCore
import ShoutServerNet
import Synchronization
import Testing

@testable import ShoutClientNet

/// The client's TCP line splitter, in memory.
@Suite struct TCPLineHandlerTests {
    final class Reports: Sendable {
        let list = Mutex<[ClientNetEvent]>([])
        func add(_ event: ClientNetEvent) { list.withLock { $0.append(event) } }
        /// The lines reported, as bytes.
        var lineBytes: [[UInt8]] {
            list.withLock { events in
                events.compactMap { event in
                    guard case .received(_, let bytes, _) = event else { return nil }
                    return bytes
                }
            }
        }
        /// How many times the connection was reported closed.
        var closes: Int {
            list.withLock { events in events.filter { if case .closed = $0 { true } else { false } }.count }
        }
        /// The lines reported, as text.
        var lines: [String] {
            list.withLock { events in
                events.compactMap { event in
                    guard case .received(_, let bytes, _) = event else { return nil }
                    return String(decoding: bytes, as: UTF8.self)
                }
            }
        }
    }

    @Test("lines are reported without their newline; a split line is joined")
    func lines() throws {
        let reports = Reports()
        let channel = EmbeddedChannel(handler: TCPLineHandler(report: reports.add))
        try channel.writeInbound(ByteBuffer(string: "ONE\nTW"))
        try channel.writeInbound(ByteBuffer(string: "O\n"))
        #expect(reports.lines == ["ONE", "TWO"])
    }

    /// Inputs and the lines they hold, as bytes: a multi-byte character in every place a read can cut it, a line
    /// ended by CR LF (the CR is the line's, as the textbook server would have sent it), an empty line, and a last
    /// line without its newline, reported when the server closes.
    static let framings: [(input: String, lines: [String])] = [
        ("ONE\nTWO\n", ["ONE", "TWO"]),
        ("stra\u{DF}e \u{65E5}\u{672C}\n\u{1F600}\n", ["stra\u{DF}e \u{65E5}\u{672C}", "\u{1F600}"]),
        ("CR\r\nLF\r\n\n", ["CR\r", "LF\r", ""]),
        ("A\n\u{DC}BER", ["A", "\u{DC}BER"]),
    ]

    /// Feeds `input` cut at `cuts` (ascending offsets), then closes the channel; returns the lines reported and how
    /// many times the close was.
    static func frame(_ input: [UInt8], cutAt cuts: [Int]) throws -> (lines: [[UInt8]], closes: Int) {
        let reports = Reports()
        let channel = EmbeddedChannel(handler: TCPLineHandler(report: reports.add))
        var start = 0
        for end in cuts + [input.count] {
            try channel.writeInbound(ByteBuffer(bytes: input[start..<end]))
            start = end
        }
        _ = try channel.finish()
        return (reports.lineBytes, reports.closes)
    }

    @Test("every cut of the input into two or three reads gives the same lines as one read", arguments: framings)
    func everySplit(input: String, lines: [String]) throws {
        let bytes = Array(input.utf8)
        let expected = lines.map { Array($0.utf8) }
        let whole = try Self.frame(bytes, cutAt: [])
        #expect(whole.lines == expected)
        #expect(whole.closes == 1)
        // The cuts that frame it otherwise, listed in one expectation (a broken framer fails hundreds of them).
        var wrong: [String] = []
        for first in 0...bytes.count {
            for second in first...bytes.count {
                let cut = try Self.frame(bytes, cutAt: [first, second])
                if cut.lines != expected || cut.closes != 1 { wrong.append("\(first),\(second): \(cut.lines)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) cuts: \(wrong.prefix(3))")
        let byteByByte = try Self.frame(bytes, cutAt: Array(0..<bytes.count))
        #expect(byteByByte.lines == expected, "a read per byte")
    }

    @Test("a line that never ends is reported once, by its first 4 MiB, and the rest costs nothing")
    func endlessLine() throws {
        let reports = Reports()
        let channel = EmbeddedChannel(handler: TCPLineHandler(report: reports.add))
        // Letters in a cycle, so a line cut or joined in the wrong place shows in its bytes, not only its length.
        let letters = (0..<65_536).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        for _ in 0..<70 { try channel.writeInbound(ByteBuffer(bytes: letters)) }
        let cycle = (0..<TCPLineHandler.maximumLine).map { letters[$0 % letters.count] }
        let first = String(decoding: cycle, as: UTF8.self)
        // Compared as one Bool: a failure must not print megabytes.
        let reportedOnce = reports.lines == [first]
        #expect(reportedOnce, "\(reports.lines.map(\.count)) bytes reported")
        let problems = reports.list.withLock { $0.filter { if case .problem = $0 { true } else { false } } }
        #expect(problems.count == 1)
        try channel.writeInbound(ByteBuffer(string: "tail\nNEXT\n"))
        let thenNext = reports.lines == [first, "NEXT"]
        #expect(thenNext, "\(reports.lines.map(\.count)) bytes reported")
    }
}
