import NIOCore
import NIOEmbedded
import ShoutCore
import Synchronization
import Testing

@testable import ShoutNet

/// The client's TCP line splitter, in memory.
@Suite struct TCPLineHandlerTests {
    final class Reports: Sendable {
        let list = Mutex<[ClientNetEvent]>([])
        func add(_ event: ClientNetEvent) { list.withLock { $0.append(event) } }
        var lines: [Int] {
            list.withLock { $0.compactMap { if case .received(_, let bytes, _) = $0 { bytes.count } else { nil } } }
        }
    }

    @Test("lines are reported without their newline; a split line is joined")
    func lines() throws {
        let reports = Reports()
        let channel = EmbeddedChannel(handler: TCPLineHandler(report: reports.add))
        try channel.writeInbound(ByteBuffer(string: "ONE\nTW"))
        try channel.writeInbound(ByteBuffer(string: "O\n"))
        #expect(reports.lines == [3, 3])
    }

    @Test("a line that never ends is reported once, by its first 64 KiB, and the rest costs nothing")
    func endlessLine() throws {
        let reports = Reports()
        let channel = EmbeddedChannel(handler: TCPLineHandler(report: reports.add))
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 65_536)
        for _ in 0..<20 { try channel.writeInbound(chunk) }
        #expect(reports.lines == [TCPLineHandler.maximumLine])
        let problems = reports.list.withLock { $0.filter { if case .problem = $0 { true } else { false } } }
        #expect(problems.count == 1)
        try channel.writeInbound(ByteBuffer(string: "tail\nNEXT\n"))
        #expect(reports.lines == [TCPLineHandler.maximumLine, 4])
    }
}
