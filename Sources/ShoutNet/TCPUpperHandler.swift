import NIOCore
import ShoutCore

/// Serves one TCP connection on NIO's channel (`--loop nio`, kept beside ``StreamLoop`` to measure one against the
/// other): every read is answered at once with its upper-cased bytes (the textbook client sends no newline and
/// waits), and the connection stays until the peer closes it. The rules are ``ConnectionAnswerer``'s.
///
/// Backpressure: while the replies waiting to be written pass the channel's high-water mark (a peer that sends
/// but never reads), the handler stops asking the socket for more input, and asks again below the low-water mark.
final class TCPUpperHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Never
    typealias OutboundOut = ByteBuffer

    private let answerer: ConnectionAnswerer
    private let events: EventChannel<ServerEvent>
    private var pendingEvents: [ServerEvent] = []
    private var closeReason: String?
    private var isOpen = false
    /// A read the pipeline asked for while the channel was not writable, held until it is.
    private var heldRead = false

    init(id: Int, counters: ServerCounters, events: EventChannel<ServerEvent>) {
        let remote = Box()
        answerer = ConnectionAnswerer(id: id, counters: counters, events: events) {
            remote.address?.endpoint ?? Endpoint(host: "?", port: 0)
        }
        self.remote = remote
        self.events = events
    }

    /// Where the peer's address waits for the answerer to format it.
    private final class Box { var address: SocketAddress? }
    private let remote: Box

    func channelActive(context: ChannelHandlerContext) {
        isOpen = true
        remote.address = context.channel.remoteAddress
        // (ConnectionGate counted this connection when it was accepted, and uncounts it when it closes.)
        let opened = answerer.opened { context.channel.localAddress?.endpoint ?? Endpoint(host: "?", port: 0) }
        if let opened { events.send(opened) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        if let event = answerer.received(request.readableBytesView) { pendingEvents.append(event) }
        // ASCII goes straight through; other bytes (or a character cut off by the last read) take the Unicode path.
        let fast =
            answerer.holdsPartOfACharacter
            ? nil : UDPUpperHandler.asciiReply(to: request, allocator: context.channel.allocator)
        let reply =
            fast ?? context.channel.allocator.buffer(bytes: answerer.unicodeReply(to: request.readableBytesView))
        write(reply, context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        flushEvents()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The peer closed its side: send what is still held, then close ours (at once when nothing waits to be
            // written, as for the textbook client's one line).
            let rest = answerer.inputClosed()
            let buffered = try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)
            if rest.isEmpty && buffered == 0 {
                flushEvents()
                context.close(promise: nil)
                return
            }
            if !rest.isEmpty { write(context.channel.allocator.buffer(bytes: rest), context: context) }
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: written)
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.futureResult.whenComplete { _ in boundContext.value.close(promise: nil) }
            flushEvents()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if isOpen {
            isOpen = false
            if let closed = answerer.closed(reason: closeReason) { pendingEvents.append(closed) }
            flushEvents()
        }
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            context.read()
        } else {
            heldRead = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && heldRead {
            heldRead = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeReason = closeReason ?? ShoutNetError.describe(error)
        context.close(promise: nil)
    }

    private func write(_ reply: ByteBuffer, context: ChannelHandlerContext) {
        guard reply.readableBytes > 0 else { return }
        if let event = answerer.replying(reply.readableBytesView) { pendingEvents.append(event) }
        context.write(wrapOutboundOut(reply), promise: nil)
    }

    private func flushEvents() {
        guard !pendingEvents.isEmpty else { return }
        events.send(contentsOf: pendingEvents)
        // Not keeping the capacity: an idle connection holds no event storage.
        pendingEvents = []
    }
}
