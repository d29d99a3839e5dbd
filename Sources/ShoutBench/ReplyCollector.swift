import NIOCore

/// Collects a fixed number of reply bytes on a TCP connection and completes a promise with them (or with what came
/// before the connection closed). Used by the one-shot and hold patterns.
final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var expected: Int
    private var received: [UInt8] = []
    private var promise: EventLoopPromise<[UInt8]>?

    init(expected: Int) {
        self.expected = expected
    }

    /// Waits for the next `count` bytes.
    func expect(_ count: Int, promise: EventLoopPromise<[UInt8]>) {
        expected = count
        received.removeAll(keepingCapacity: true)
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytesView
        if received.count >= expected, let promise {
            self.promise = nil
            promise.succeed(received)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let promise {
            self.promise = nil
            promise.succeed(received)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
