import NIOCore
import NIOPosix
import ShoutClientNet
import ShoutCore
import ShoutSockets

/// A TCP connection for `shout check`, with raw control: bytes go out exactly as given (a line split in two
/// writes, bytes that are not UTF-8), and what comes back is kept as it arrives, with whether the server closed.
/// At most ``maximumKept`` bytes are kept; past that the connection is closed, so a reply that never ends costs
/// bounded memory and time.
final class TCPProbeConnection: Sendable {
    /// The most bytes kept from one connection.
    static let maximumKept = 131_072

    /// What came back, chunk by chunk; closed when the connection did.
    let inbox: ProbeInbox<[UInt8]>
    private let channel: any Channel

    private init(channel: any Channel, inbox: ProbeInbox<[UInt8]>) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Connects to `server`; throws a ``ClientSocketError`` (refused, timed out, …) when it cannot.
    static func open(
        to server: SocketAddress,
        timeout: Duration,
        group: any EventLoopGroup
    ) async throws(ClientSocketError) -> TCPProbeConnection {
        let inbox = ProbeInbox<[UInt8]>()
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(max(1_000_000, timeout.nanoseconds)))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(TCPProbeHandler(inbox: inbox))
                    }
                }
                .connect(to: server).get()
            return TCPProbeConnection(channel: channel, inbox: inbox)
        } catch {
            let endpoint = server.endpoint.description
            throw NetworkError.connecting(error, to: endpoint, host: server.endpoint.host).clientSocketError
        }
    }

    /// Writes `bytes` as one write.
    func send(_ bytes: [UInt8]) async throws {
        let channel = self.channel
        try await channel.eventLoop.flatSubmit {
            channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        }.get()
    }

    /// Everything received so far, in one array.
    var received: [UInt8] { inbox.items.flatMap { $0 } }

    /// Whether this side closed the connection, having kept ``maximumKept`` bytes of a reply that never ended:
    /// whether the server would close is then not known.
    var wasCutOff: Bool { inbox.items.reduce(0) { $0 + $1.count } >= Self.maximumKept }

    /// Waits until at least `count` bytes came, the server closed, or `deadline`; returns what came. If the deadline
    /// passes while TCP is still retransmitting on this connection (bytes unacknowledged, or retransmissions so
    /// far), waits `grace` more: over TCP a slow reply is on its way, not lost, and a lossy network must not make
    /// the server look silent.
    func waitForBytes(
        _ count: Int,
        until deadline: ContinuousClock.Instant,
        grace: Duration = .zero
    ) async -> [UInt8] {
        func enough(_ chunks: [[UInt8]], _ closed: Bool) -> Bool {
            closed || chunks.reduce(0) { $0 + $1.count } >= count
        }
        let got = await inbox.wait(until: deadline, for: enough)
        if enough(got, inbox.isClosed) || grace <= .zero { return got.flatMap { $0 } }
        guard let info = await connectionInfo(), info.unacknowledged > 0 || info.totalRetransmissions > 0 else {
            return got.flatMap { $0 }
        }
        return await inbox.wait(until: deadline + grace, for: enough).flatMap { $0 }
    }

    /// What the kernel says of this connection (`TCP_INFO`); nil where it says nothing.
    func connectionInfo() async -> TCPConnectionInfo? {
        await channel.tcpConnectionInfo()
    }

    /// Waits until the server closes or `deadline`; returns whether it closed, or nil when this side cut the
    /// connection off meanwhile (``wasCutOff``).
    func waitForClose(until deadline: ContinuousClock.Instant) async -> Bool? {
        await inbox.wait(until: deadline) { _, closed in closed }
        return wasCutOff ? nil : inbox.isClosed
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

/// Keeps what a probe connection receives, up to ``TCPProbeConnection/maximumKept`` bytes.
private final class TCPProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let inbox: ProbeInbox<[UInt8]>
    private var kept = 0

    init(inbox: ProbeInbox<[UInt8]>) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let room = TCPProbeConnection.maximumKept - kept
        guard room > 0 else { return }
        let bytes = Array(buffer.readableBytesView.prefix(room))
        kept += bytes.count
        inbox.append(bytes)
        if kept >= TCPProbeConnection.maximumKept { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
