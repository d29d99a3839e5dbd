import NIOCore
import ShoutCore

/// Answers each datagram with its upper-cased bytes, to its sender, on NIO's datagram channel: the server's second
/// UDP path (`--loop nio`), kept beside ``DatagramLoop`` to measure one against the other. The rules are
/// ``DatagramAnswerer``'s, the same for both.
///
/// Events and counts are collected during one read burst and published once per burst.
final class UDPUpperHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let answerer: DatagramAnswerer
    /// Reply bytes written since the last flush: replies go out in one batch per read burst (sendmmsg), or sooner
    /// once they pass ``flushThreshold``, so a burst of the largest datagrams never piles up megabytes.
    private var unflushedBytes = 0

    /// See ``unflushedBytes``.
    static let flushThreshold = 256 * 1024
    /// What the replies scheduled for later (`--delay`, `--jitter`) take against ``DelayedReplies/room``.
    private var heldBytes = 0

    /// `answerer` holds the rules. Its `ownPort` stands in for the bound port on a channel that is never bound (in
    /// memory); a bound socket's own port replaces it once the channel is active.
    init(answerer: DatagramAnswerer) {
        self.answerer = answerer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { learnOwnPort(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        learnOwnPort(context: context)
        context.fireChannelActive()
    }

    /// Takes the port the socket is bound to. (Before the bind, an unbound socket's address reads as port 0.)
    private func learnOwnPort(context: ChannelHandlerContext) {
        if let port = context.channel.localAddress?.port, port != 0 { answerer.ownPort = port }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let sender = envelope.remoteAddress
        let request = envelope.data
        guard let answer = answerer.take(request.readableBytesView, from: sender, heldBytes: heldBytes) else { return }
        let reply = Self.reply(to: request, allocator: context.channel.allocator)
        if answer.delayMilliseconds == 0 {
            send(reply, to: sender, listedAs: answer.listedAs, context: context, flush: false)
        } else {
            let cost = DelayedReplies.cost(bytes: reply.readableBytes)
            heldBytes += cost
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(answer.delayMilliseconds))) {
                let (handler, context) = loopBound.value
                handler.heldBytes -= cost
                handler.send(reply, to: sender, listedAs: answer.listedAs, context: context, flush: true)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        answerer.endBurst()
        context.flush()
        unflushedBytes = 0
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket reports ICMP errors for earlier replies (port unreachable); they cost nothing but a line.
        answerer.report(ShoutNetError.describe(error))
        answerer.endBurst()
    }

    /// Sends a reply; `peer` is the sender's text form when the datagram is listed as events, nil otherwise.
    private func send(
        _ reply: ByteBuffer,
        to sender: SocketAddress,
        listedAs peer: Endpoint?,
        context: ChannelHandlerContext,
        flush: Bool
    ) {
        // Counted before flushed: a peer that has its reply finds it in the counters too.
        answerer.replying(reply.readableBytesView, listedAs: peer)
        let envelope = AddressedEnvelope(remoteAddress: sender, data: reply)
        if flush {
            answerer.endBurst()
            context.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
            return
        }
        context.write(wrapOutboundOut(envelope), promise: nil)
        unflushedBytes += reply.readableBytes
        if unflushedBytes >= Self.flushThreshold {
            answerer.endBurst()
            context.flush()
            unflushedBytes = 0
        }
    }

    /// The reply datagram: ASCII upper-cased straight into a new buffer (no decoding), the Unicode path only when a
    /// byte is 0x80 or above (see ``DatagramReply``).
    static func reply(to request: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        if let reply = asciiReply(to: request, allocator: allocator) { return reply }
        return allocator.buffer(bytes: DatagramReply.unicodeReply(to: request.readableBytesView))
    }

    /// The upper-cased copy of an all-ASCII request, or nil when it holds other bytes.
    ///
    /// A request is a slice of the buffer that one vectored read shares among its datagrams, so upper-casing it in
    /// place would copy that whole shared storage first; writing a fresh buffer costs one allocation of the
    /// datagram's own size.
    static func asciiReply(to request: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer? {
        var reply = allocator.buffer(capacity: request.readableBytes)
        let allASCII = request.withUnsafeReadableBytes { source in
            reply.writeWithUnsafeMutableBytes(minimumWritableBytes: source.count) { destination in
                Uppercasing.copyUppercasingASCII(from: source, to: destination) ? source.count : 0
            }
        }
        return allASCII == request.readableBytes ? reply : nil
    }
}
