import NIOCore
import NIOPosix
import ShoutClientNet
import ShoutCore
import ShoutSockets

/// An unconnected UDP socket for `shout check`: it sends to one server and keeps every datagram it receives with
/// the address it came from, so a reply from another port is seen (a connected socket would never see it).
final class UDPProbeSocket: Sendable {
    /// One datagram received.
    struct Datagram: Sendable {
        var bytes: [UInt8]
        var source: SocketAddress
        var at: ContinuousClock.Instant
    }

    /// The server.
    let server: SocketAddress
    /// What came back.
    let inbox: ProbeInbox<Datagram>
    private let channel: any Channel

    /// Opens a socket on an ephemeral port of the server's address family.
    static func open(to server: SocketAddress, group: any EventLoopGroup) async throws -> UDPProbeSocket {
        let inbox = ProbeInbox<Datagram>()
        let any = server.protocol == .inet6 ? "::" : "0.0.0.0"
        let channel = try await DatagramBootstrap(group: group)
            // A whole datagram, up to the largest UDP payload (a hostile 64 KB reply is read, not cut at 2 KB).
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPProbeHandler(inbox: inbox))
                }
            }
            .bind(host: any, port: 0).get()
        return UDPProbeSocket(server: server, channel: channel, inbox: inbox)
    }

    private init(server: SocketAddress, channel: any Channel, inbox: ProbeInbox<Datagram>) {
        self.server = server
        self.channel = channel
        self.inbox = inbox
    }

    /// Sends one datagram to the server; returns the instant it was handed to the socket.
    @discardableResult
    func send(_ bytes: [UInt8]) async throws -> ContinuousClock.Instant {
        let channel = self.channel
        let server = self.server
        return try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<ContinuousClock.Instant> in
            let stamp = ContinuousClock.now
            let envelope = AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: bytes))
            return channel.writeAndFlush(envelope).map { stamp }
        }.get()
    }

    /// Closes the socket.
    func close() async {
        try? await channel.close()
    }
}

/// Keeps each datagram a probe socket receives.
private final class UDPProbeHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let inbox: ProbeInbox<UDPProbeSocket.Datagram>

    init(inbox: ProbeInbox<UDPProbeSocket.Datagram>) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        inbox.append(.init(bytes: Array(envelope.data.readableBytesView), source: envelope.remoteAddress, at: .now))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // An unconnected socket hears of nothing it must act on; the check judges by what arrives.
    }
}
