import NIOCore
import NIOPosix
import ShoutCore
import ShoutSockets

/// One client socket to one server: a connected UDP socket of its own (``DatagramClientSocket``: the OS reports
/// "port unreachable" to it, and a datagram the kernel refuses to send fails alone), or a TCP connection on NIO.
/// Everything it receives is reported through `report`, from the socket's reader thread or event loop.
public final class ClientSocket: Sendable {
    /// What carries the bytes.
    private enum Backend: Sendable {
        case datagram(DatagramClientSocket)
        case stream(any Channel)
    }

    /// The transport of this socket.
    public let transport: Transport
    /// The server it talks to.
    public let remote: Endpoint
    /// Its own address and port.
    public let local: Endpoint
    /// How long the TCP handshake took (with the name lookup); nil for UDP, which makes no connection.
    public let setup: Duration?
    private let backend: Backend

    private init(transport: Transport, remote: Endpoint, local: Endpoint, setup: Duration?, backend: Backend) {
        self.transport = transport
        self.remote = remote
        self.local = local
        self.setup = setup
        self.backend = backend
    }

    /// Opens a socket to `server`; throws a ``NetworkError`` a user can read (host not found, refused, …).
    public static func open(
        _ transport: Transport,
        to server: Endpoint,
        group: any EventLoopGroup,
        report: @escaping @Sendable (ClientNetEvent) -> Void
    ) async throws -> ClientSocket {
        let started = ContinuousClock.now
        if transport == .udp {
            let socket: DatagramClientSocket
            do {
                let address = try await HostResolver.resolve(server, transport: transport, group: group)
                socket = try DatagramClientSocket.open(to: address, server: server, report: report)
            } catch let error as NetworkError {
                throw error
            } catch {
                throw NetworkError.connecting(error, to: server.description, host: server.host)
            }
            report(.ready(.udp, remote: server, local: socket.local, setup: nil))
            return ClientSocket(
                transport: .udp,
                remote: server,
                local: socket.local,
                setup: nil,
                backend: .datagram(socket)
            )
        }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(10))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(TCPLineHandler(report: report))
                    }
                }
                .connect(host: server.host, port: server.port).get()
        } catch {
            throw NetworkError.connecting(error, to: server.description, host: server.host)
        }
        let setup = ContinuousClock.now - started
        let local = channel.localAddress?.endpoint ?? Endpoint(host: "?", port: 0)
        let remote = channel.remoteAddress?.endpoint ?? server
        report(.ready(transport, remote: remote, local: local, setup: setup))
        return ClientSocket(transport: transport, remote: remote, local: local, setup: setup, backend: .stream(channel))
    }

    /// Whether the socket is still open (a TCP server may have closed it).
    public var isOpen: Bool {
        switch backend {
        case .datagram: true
        case .stream(let channel): channel.isActive
        }
    }

    /// Sends one line, framed for the transport: one datagram of its bytes for UDP (no newline, as the textbook
    /// client sends), its bytes and a newline for TCP. Returns the instant as `send(_:)` does.
    @discardableResult
    public func send(line: [UInt8]) async throws -> ContinuousClock.Instant {
        try await send(framed(line))
    }

    /// Sends bytes as they are: one datagram for UDP, or bytes on the stream for TCP. Returns the instant right before
    /// the bytes were handed to the socket, read on the socket's event loop (so a round trip is not lengthened by the
    /// time the send waited to reach it).
    @discardableResult
    public func send(_ bytes: [UInt8]) async throws -> ContinuousClock.Instant {
        let channel: any Channel
        switch backend {
        case .datagram(let socket):
            return try socket.send(bytes, written: nil)
        case .stream(let stream):
            channel = stream
        }
        do {
            return try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<ContinuousClock.Instant> in
                let buffer = channel.allocator.buffer(bytes: bytes)
                let stamp = ContinuousClock.now
                return channel.writeAndFlush(buffer).map { stamp }
            }.get()
        } catch {
            throw sendError(error)
        }
    }

    /// Hands one line to the socket without waiting for it, framed as `send(line:)` frames it: a datagram
    /// is sent right here (`send(2)` that never blocks), a TCP write is queued on the connection's event loop, whose
    /// tasks run in the order they were handed over, so lines handed over one after another go out in that order.
    /// `written` gets the instant right before the bytes go (on the event loop for TCP, before any reply to them can
    /// be reported); `failed` gets the error if they could not be sent.
    public func submit(
        line: [UInt8],
        written: @escaping @Sendable (ContinuousClock.Instant) -> Void,
        failed: @escaping @Sendable (any Error) -> Void
    ) {
        let bytes = framed(line)
        switch backend {
        case .datagram(let socket):
            do {
                _ = try socket.send(bytes, written: written)
            } catch {
                failed(error)
            }
        case .stream(let channel):
            channel.eventLoop.execute {
                let stamp = ContinuousClock.now
                written(stamp)
                channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenFailure { error in
                    failed(self.sendError(error))
                }
            }
        }
    }

    /// A line as the transport carries it: the bytes alone in a datagram, the bytes and a newline on TCP.
    private func framed(_ line: [UInt8]) -> [UInt8] {
        transport == .tcp ? line + [UInt8(ascii: "\n")] : line
    }

    /// A failed TCP write, as a user reads it.
    private func sendError(_ error: any Error) -> NetworkError {
        NetworkError.other("Cannot send to \(remote): \(NetworkError.describe(error)).")
    }

    /// What the kernel says of the TCP connection (`TCP_INFO`); nil for UDP, or when the kernel would not say.
    public func connectionInfo() async -> TCPConnectionInfo? {
        guard case .stream(let channel) = backend else { return nil }
        return await channel.tcpConnectionInfo()
    }

    /// Closes the socket.
    public func close() async {
        switch backend {
        case .datagram(let socket): await socket.close()
        case .stream(let channel): try? await channel.close()
        }
    }
}
