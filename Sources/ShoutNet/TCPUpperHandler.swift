import NIOCore
import ShoutCore

/// Serves one TCP connection: every read is answered at once with its upper-cased bytes (the textbook client sends
/// no newline and waits), a character split across reads is kept whole, and the connection stays until the peer
/// closes it. Whatever this peer does, it costs nothing but its own connection.
///
/// Backpressure: while the replies waiting to be written pass the channel's high-water mark (a peer that sends
/// but never reads), the handler stops asking the socket for more input, and asks again below the low-water mark.
final class TCPUpperHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Never
    typealias OutboundOut = ByteBuffer

    private let id: Int
    /// This connection's exact counts, carried by its events for the Peers pane.
    private let tally: ConnectionTally
    private let counters: ServerCounters
    private let events: EventChannel<ServerEvent>
    private var uppercaser = StreamingUppercaser()
    private var remoteAddress: SocketAddress?
    private var peerText: Endpoint?
    private var pendingEvents: [ServerEvent] = []
    private var closeReason: String?
    private var isOpen = false
    /// A read the pipeline asked for while the channel was not writable, held until it is.
    private var heldRead = false
    /// Whether the current read is listed as events (see ``EventChannel/admit(_:)``).
    private var listed = true
    /// Whether this connection's opening and closing are listed as events.
    private var connectionListed = true

    init(id: Int, counters: ServerCounters, events: EventChannel<ServerEvent>) {
        self.id = id
        self.tally = ConnectionTally(id: id)
        self.counters = counters
        self.events = events
    }

    /// The peer's text form, made only when an event lists it (most connections of a busy server never are).
    private var peer: Endpoint {
        if let peerText { return peerText }
        let text = remoteAddress?.endpoint ?? Endpoint(host: "?", port: 0)
        peerText = text
        return text
    }

    func channelActive(context: ChannelHandlerContext) {
        isOpen = true
        remoteAddress = context.channel.remoteAddress
        // (ConnectionGate counted this connection when it was accepted, and uncounts it when it closes.)
        // A connection is listed (connected and closed) or not at all, so a watcher never sees half of it.
        connectionListed = events.admit(2)
        if connectionListed {
            let local = context.channel.localAddress?.endpoint ?? Endpoint(host: "?", port: 0)
            events.send(ServerEvent(.connected(connection: id, peer: peer, local: local), connection: tally))
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        counters.received.wrappingAdd(1, ordering: .relaxed)
        counters.bytesIn.wrappingAdd(request.readableBytes, ordering: .relaxed)
        tally.countRead()
        // The read and its reply are listed together, or not at all past the event budget.
        listed = events.admit(2)
        if listed {
            pendingEvents.append(
                ServerEvent(.received(.tcp, peer: peer, payload: Payload(request.readableBytesView)), connection: tally)
            )
        }
        // ASCII goes straight through; other bytes (or a character cut off by the last read) take the Unicode path.
        let fast =
            uppercaser.hasPendingBytes
            ? nil : UDPUpperHandler.asciiReply(to: request, allocator: context.channel.allocator)
        let reply = fast ?? context.channel.allocator.buffer(bytes: uppercaser.feed(request.readableBytesView))
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
            let rest = uppercaser.finish()
            listed = true
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
            if connectionListed {
                pendingEvents.append(
                    ServerEvent(.closed(connection: id, peer: peer, reason: closeReason), connection: tally)
                )
            }
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
        counters.replied.wrappingAdd(1, ordering: .relaxed)
        counters.bytesOut.wrappingAdd(reply.readableBytes, ordering: .relaxed)
        tally.countReply()
        if listed {
            pendingEvents.append(
                ServerEvent(.replied(.tcp, peer: peer, payload: Payload(reply.readableBytesView)), connection: tally)
            )
        }
        context.write(wrapOutboundOut(reply), promise: nil)
    }

    private func flushEvents() {
        guard !pendingEvents.isEmpty else { return }
        events.send(contentsOf: pendingEvents)
        // Not keeping the capacity: an idle connection holds no event storage.
        pendingEvents = []
    }
}
