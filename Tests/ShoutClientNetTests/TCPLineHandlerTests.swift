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
