import NIOCore
import ShoutCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reports each datagram a client socket receives, and the ICMP errors the OS reports for it.
final class UDPClientHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let report: @Sendable (ClientNetEvent) -> Void

    init(report: @escaping @Sendable (ClientNetEvent) -> Void) {
        self.report = report
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        report(.received(.udp, Array(envelope.data.readableBytesView), at: .now))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if ShoutNetError.errnoCode(of: error) == ECONNREFUSED {
            report(.problem(.udp, .udpPortUnreachable))
        } else {
            report(.problem(.udp, ClientSocketError(.other, ShoutNetError.describe(error))))
        }
    }
}
