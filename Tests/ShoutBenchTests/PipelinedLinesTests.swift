import NIOCore
import ShoutCore
import ShoutServerNet
import Testing

@testable import ShoutBench

/// The TCP benchmark's per-connection bookkeeping, fed replies by hand.
@Suite struct PipelinedLinesTests {
    let allocator = ByteBufferAllocator()

    /// The queued requests, one line each (without the newline).
    func requests(_ lines: inout PipelinedLines) -> [[UInt8]] {
        guard let buffer = lines.takeOutput() else { return [] }
        return Array(buffer.readableBytesView).split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    /// Feeds `bytes` in reads of `chunk` bytes.
    func feed(_ bytes: [UInt8], in chunk: Int, to lines: inout PipelinedLines, running: Bool = true) {
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            bytes[start..<end].withUnsafeBytes { lines.consume($0, at: 1_000, running: running, allocator: allocator) }
            start = end
        }
    }

    @Test(
        "correct replies, however the reads split them, are counted and each frees a slot for a new request",
        arguments: [1, 7, 64, 65, 4096]
    )
    func splitReads(chunk: Int) {
        var lines = PipelinedLines(client: 3, window: 4, size: 64)
        lines.fillWindow(at: 0, allocator: allocator)
        let sent = requests(&lines)
        #expect(sent.count == 4)
        #expect(sent.allSatisfy { $0.count == 64 })
        let replies = sent.flatMap { Uppercasing.uppercased($0) + [UInt8(ascii: "\n")] }
        feed(replies, in: chunk, to: &lines)
        #expect(lines.tally.replies == 4)
        #expect(lines.tally.bad == 0)
        #expect(lines.tally.sent == 8)
        #expect(lines.takeReplyCount() == 4)
        #expect(lines.takeReplyCount() == 0)
        let next = requests(&lines)
        #expect(next.count == 4)
        #expect(Set(next).isDisjoint(with: Set(sent)))
    }

    @Test("a wrong reply is counted bad and still frees its slot; a line with nothing in flight is counted bad")
    func wrongAndUnsolicited() {
        var lines = PipelinedLines(client: 0, window: 1, size: 16)
        lines.fillWindow(at: 0, allocator: allocator)
        let sent = requests(&lines)
        #expect(sent.count == 1)
        feed(sent[0] + [UInt8(ascii: "\n")], in: 100, to: &lines)  // not upper-cased: wrong
        #expect(lines.tally.bad == 1)
        #expect(lines.tally.replies == 0)
        let next = requests(&lines)
        #expect(next.count == 1)
        // The run ends: the reply empties the window, and a line after it answers nothing.
        feed(Uppercasing.uppercased(next[0]) + Array("\nEXTRA\n".utf8), in: 100, to: &lines, running: false)
        #expect(lines.tally.replies == 1)
        #expect(lines.tally.bad == 2)
        #expect(lines.takeOutput() == nil)
        // While running too: a line that answers nothing frees no slot, so it adds no request.
        var idle = PipelinedLines(client: 0, window: 1, size: 16)
        feed(Array("EXTRA\n".utf8), in: 100, to: &idle)
        #expect(idle.tally.bad == 1)
        #expect(idle.takeOutput() == nil)
    }

    @Test("once the run is over, replies are still checked but no new request is queued")
    func stopped() {
        var lines = PipelinedLines(client: 0, window: 2, size: 8)
        lines.fillWindow(at: 0, allocator: allocator)
        let replies = requests(&lines).flatMap { Uppercasing.uppercased($0) + [UInt8(ascii: "\n")] }
        feed(replies, in: 3, to: &lines, running: false)
        #expect(lines.tally.replies == 2)
        #expect(lines.takeOutput() == nil)
    }
}
