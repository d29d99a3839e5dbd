import NIOCore
import NIOPosix
import ShoutSockets
import ShoutSystem

/// One client of the one-shot pattern (the textbook TCP client's): connect, send one line, read the whole reply,
/// close, and again, until the run ends. Driven entirely on its event loop, one connection after another, so each
/// exchange costs the connection and nothing else (no hop to a task between exchanges).
final class OneshotClient {
    private let client: UInt64
    private let size: Int
    private let address: SocketAddress
    private let eventLoop: any EventLoop
    private let control: BenchControl
    private let finished: EventLoopPromise<BenchTally>
    private var sequence: UInt64 = 0
    private var tally = BenchTally()

    /// Starts the client on `eventLoop`; the future gives its tally once the run is over and its last exchange done.
    static func start(
        client: Int,
        size: Int,
        address: SocketAddress,
        eventLoop: any EventLoop,
        control: BenchControl
    ) -> EventLoopFuture<BenchTally> {
        let finished = eventLoop.makePromise(of: BenchTally.self)
        eventLoop.execute {
            OneshotClient(
                client: client,
                size: size,
                address: address,
                eventLoop: eventLoop,
                control: control,
                finished: finished
            ).next()
        }
        return finished.futureResult
    }

    private init(
        client: Int,
        size: Int,
        address: SocketAddress,
        eventLoop: any EventLoop,
        control: BenchControl,
        finished: EventLoopPromise<BenchTally>
    ) {
        self.client = UInt64(client)
        self.size = size
        self.address = address
        self.eventLoop = eventLoop
        self.control = control
        self.finished = finished
    }

    /// Opens the next connection, or reports the tally when the run is over.
    private func next() {
        guard control.isRunning.load(ordering: .relaxed) else {
            finished.succeed(tally)
            return
        }
        let id = client << 28 | sequence
        sequence += 1
        tally.sent += 1
        let startedAt = MonotonicClock.nanoseconds()
        let exchanged = eventLoop.makePromise(of: [UInt8]?.self)
        let size = size
        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        OneshotExchangeHandler(id: id, size: size, done: exchanged)
                    )
                }
            }
            .connect(to: address)
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        connected.whenFailure { _ in exchanged.succeed(nil) }
        exchanged.futureResult.whenSuccess { reply in
            let client = bound.value
            if let reply {
                if BenchPayload.isExpectedReply(reply, id: id, size: size) {
                    client.tally.recordReply(nanoseconds: MonotonicClock.nanoseconds() &- startedAt)
                    client.control.replies.wrappingAdd(1, ordering: .relaxed)
                } else {
                    client.tally.bad += 1
                }
            } else {
                client.tally.failedConnections += 1
            }
            // Not from inside the closing connection's callbacks: a fresh turn of the loop.
            client.eventLoop.execute { bound.value.next() }
        }
    }
}

/// Sends one request without a newline as soon as the connection is up, collects the reply's bytes, then closes
/// and hands them over (or nil if the connection broke first).
final class OneshotExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let id: UInt64
    private let size: Int
    private let done: EventLoopPromise<[UInt8]?>
    private var reply: [UInt8] = []
    private var complete = false
    /// Only a connection that came up reports here; one that never did is reported by the failed connect.
    private var wasActive = false

    init(id: UInt64, size: Int, done: EventLoopPromise<[UInt8]?>) {
        self.id = id
        self.size = size
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        wasActive = true
        var request = context.channel.allocator.buffer(capacity: max(size, BenchPayload.tagLength))
        BenchPayload.writeRequest(id: id, size: size, into: &request)
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reply += unwrapInboundIn(data).readableBytesView
        if !complete && reply.count >= max(size, BenchPayload.tagLength) {
            complete = true
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if wasActive { done.succeed(complete || !reply.isEmpty ? reply : nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
