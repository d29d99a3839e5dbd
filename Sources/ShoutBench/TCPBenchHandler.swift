import NIOCore
import ShoutSystem

/// One persistent TCP connection of a benchmark: keeps `window` newline-terminated lines in flight and checks each
/// reply line, in order, against the upper-cased request (see ``PipelinedLines``).
final class TCPBenchHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let control: BenchControl
    private var lines: PipelinedLines

    /// What this connection counted.
    var tally: BenchTally { lines.tally }

    init(client: Int, window: Int, size: Int, control: BenchControl) {
        self.control = control
        self.lines = PipelinedLines(client: client, window: window, size: size)
    }

    func channelActive(context: ChannelHandlerContext) {
        if control.isRunning.load(ordering: .relaxed) {
            lines.fillWindow(at: MonotonicClock.nanoseconds(), allocator: context.channel.allocator)
        }
        writeOutput(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let now = MonotonicClock.nanoseconds()
        let running = control.isRunning.load(ordering: .relaxed)
        let allocator = context.channel.allocator
        buffer.withUnsafeReadableBytes { lines.consume($0, at: now, running: running, allocator: allocator) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        control.replies.wrappingAdd(lines.takeReplyCount(), ordering: .relaxed)
        writeOutput(context: context)
    }

    private func writeOutput(context: ChannelHandlerContext) {
        guard let buffer = lines.takeOutput() else { return }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if control.isRunning.load(ordering: .relaxed) { lines.recordFailure() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
