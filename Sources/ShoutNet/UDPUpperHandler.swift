import Foundation
import NIOCore
import ShoutCore

/// Answers each datagram with its upper-cased bytes, to its sender.
///
/// Events are collected during one read burst and handed to the event channel once per burst; counters are exact.
final class UDPUpperHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// The largest payload one UDP datagram can carry over IPv4.
    static let maximumPayload = 65_507

    private let counters: ServerCounters
    private let events: EventChannel<ServerEvent>
    private let impairments: Impairments
    /// The UDP port the socket is bound to: a datagram from it is refused (see ``refusal(for:)``). Read from the
    /// socket once it is bound (with `--port 0` the kernel chose it), not from the configuration.
    private var ownPort: Int?
    private var rateLimiter: RateLimiter?
    private var pendingEvents: [ServerEvent] = []
    /// Reply bytes written since the last flush: replies go out in one batch per read burst (sendmmsg), or sooner
    /// once they pass ``flushThreshold``, so a burst of the largest datagrams never piles up megabytes.
    private var unflushedBytes = 0

    /// See ``unflushedBytes``.
    static let flushThreshold = 256 * 1024

    /// `ownPort` stands in for the bound port on a channel that is never bound (in memory); a bound socket's own
    /// port replaces it once the channel is active.
    init(
        counters: ServerCounters,
        events: EventChannel<ServerEvent>,
        impairments: Impairments,
        ownPort: Int? = nil,
        rateLimit: Int? = nil
    ) {
        self.counters = counters
        self.events = events
        self.impairments = impairments
        self.ownPort = ownPort
        self.rateLimiter = rateLimit.map { RateLimiter(perSecond: $0) }
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
        if let port = context.channel.localAddress?.port, port != 0 { ownPort = port }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let sender = envelope.remoteAddress
        let request = envelope.data
        counters.received.wrappingAdd(1, ordering: .relaxed)
        counters.bytesIn.wrappingAdd(request.readableBytes, ordering: .relaxed)
        // A datagram not answered is one event (`dropped`); one answered is two (`received`, `replied`), listed
        // together or not at all past the event budget. Only a listed datagram pays for its sender's text form, its
        // time and a copy of its bytes.
        if let reason = refusal(for: sender) {
            counters.dropped.wrappingAdd(1, ordering: .relaxed)
            if events.admit(1) {
                pendingEvents.append(
                    ServerEvent(
                        .dropped(
                            .udp,
                            peer: sender.endpoint,
                            payload: Payload(request.readableBytesView),
                            reason: reason
                        )
                    )
                )
            }
            return
        }
        let peer = events.admit(2) ? sender.endpoint : nil
        if let peer {
            pendingEvents.append(ServerEvent(.received(.udp, peer: peer, payload: Payload(request.readableBytesView))))
        }

        let reply = Self.reply(to: request, allocator: context.channel.allocator)
        let delay = impairments.nextDelay()
        if delay == 0 {
            send(reply, to: sender, listedAs: peer, context: context, flush: false)
        } else {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay))) {
                let (handler, context) = loopBound.value
                handler.send(reply, to: sender, listedAs: peer, context: context, flush: true)
                handler.flushEvents()
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        unflushedBytes = 0
        flushEvents()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket reports ICMP errors for earlier replies (port unreachable); they cost nothing but a line.
        events.send(ServerEvent(.problem("UDP: \(ShoutNetError.describe(error))")))
    }

    /// Why a datagram gets no reply, or nil to answer it.
    private func refusal(for sender: SocketAddress) -> ServerEvent.DropReason? {
        // Answering a privileged port or our own port could start an endless loop between two echo-like servers:
        // another machine's Shout server listens on the same port, so a datagram spoofed as coming from it carries
        // our own port as its source, from any address (CERT CA-1996-01).
        let port = sender.port ?? 0
        if port < 1024 || port == ownPort { return .refused }
        if rateLimiter != nil, rateLimiter?.allow(sender.ipAddress ?? "", at: MonotonicClock.nanoseconds()) == false {
            return .rateLimited
        }
        if impairments.shouldDrop() { return .impairment }
        return nil
    }

    /// Sends a reply; `peer` is the sender's text form when the datagram is listed as events, nil otherwise.
    private func send(
        _ reply: ByteBuffer,
        to sender: SocketAddress,
        listedAs peer: Endpoint?,
        context: ChannelHandlerContext,
        flush: Bool
    ) {
        counters.replied.wrappingAdd(1, ordering: .relaxed)
        counters.bytesOut.wrappingAdd(reply.readableBytes, ordering: .relaxed)
        if let peer {
            pendingEvents.append(ServerEvent(.replied(.udp, peer: peer, payload: Payload(reply.readableBytesView))))
        }
        let envelope = AddressedEnvelope(remoteAddress: sender, data: reply)
        if flush {
            context.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
            return
        }
        context.write(wrapOutboundOut(envelope), promise: nil)
        unflushedBytes += reply.readableBytes
        if unflushedBytes >= Self.flushThreshold {
            context.flush()
            unflushedBytes = 0
        }
    }

    private func flushEvents() {
        guard !pendingEvents.isEmpty else { return }
        events.send(contentsOf: pendingEvents)
        pendingEvents.removeAll(keepingCapacity: true)
    }

    /// The reply datagram: ASCII upper-cased straight into a new buffer (no decoding), the Unicode path only when a
    /// byte is 0x80 or above; cut at a character boundary if upper-casing made it longer than one datagram can be.
    static func reply(to request: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        if let reply = asciiReply(to: request, allocator: allocator) { return reply }
        var bytes = Uppercasing.uppercased(request.readableBytesView)
        if bytes.count > maximumPayload {
            bytes.removeSubrange(UTF8Sequence.characterBoundary(in: bytes, atMost: maximumPayload)...)
        }
        return allocator.buffer(bytes: bytes)
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
