import NIOCore
import NIOPosix
import ShoutCore
import ShoutSockets
import Testing

@testable import ShoutCheck

/// `tcp.close` of `shout check` on servers that close after the reply, and on one whose reply never ends.
@Suite(.timeLimit(.minutes(1)))
struct TCPProbeCloseTests {
    /// Answers the first read with its upper-cased bytes, then either closes or streams 8 KB every 5 ms, for ever.
    final class ReplyThenHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let streamsForever: Bool
        private var answered = false

        init(streamsForever: Bool) { self.streamsForever = streamsForever }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered else { return }
            answered = true
            let request = unwrapInboundIn(data)
            let reply = context.channel.allocator.buffer(
                bytes: Uppercasing.uppercased(Array(request.readableBytesView))
            )
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            guard streamsForever else {
                context.close(promise: nil)
                return
            }
            let chunk = context.channel.allocator.buffer(repeating: UInt8(ascii: "x"), count: 8192)
            let channel = context.channel
            channel.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(5), delay: .milliseconds(5)) { task in
                guard channel.isActive else {
                    task.cancel()
                    return
                }
                channel.writeAndFlush(chunk, promise: nil)
            }
        }
    }

    static func closesAfterReply(streamsForever: Bool) async throws -> Bool? {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ReplyThenHandler(streamsForever: streamsForever))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let checker = TargetChecker(
            target: "t",
            endpoint: Endpoint(host: "127.0.0.1", port: port),
            timeout: .seconds(2),
            group: group
        )
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let (exchange, closes) = await checker.tcpExchange(address, [Array("hello".utf8)], waitForClose: true)
        try await server.close()
        #expect(Array(exchange.reply.prefix(5)) == Array("HELLO".utf8))
        return closes
    }

    @Test("a server that closes after its reply is seen to close")
    func closes() async throws {
        #expect(try await Self.closesAfterReply(streamsForever: false) == true)
    }

    @Test("a reply that never ends is cut off by the check, and that close is not taken for the server's")
    func endlessReply() async throws {
        // The reply's first bytes come at once, well under the most kept; the stream passes it while the check
        // waits for the close, and the check then closes the connection itself.
        #expect(try await Self.closesAfterReply(streamsForever: true) == nil)
    }
}
