import NIOCore
import ShoutCore

/// Splits what a TCP client receives into lines and reports each one; a line longer than ``maximumLine`` is
/// reported in pieces, so a reply that never ends stays bounded. What is left when the server closes is a reply too.
final class TCPLineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// The longest line kept before it is reported as it is.
    static let maximumLine = 65_536

    private let report: @Sendable (ClientNetEvent) -> Void
    private var line: [UInt8] = []
    private var closeReason: String?

    init(report: @escaping @Sendable (ClientNetEvent) -> Void) {
        self.report = report
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let now = ContinuousClock.now
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                report(.received(.tcp, line, at: now))
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
                if line.count >= Self.maximumLine {
                    report(.received(.tcp, line, at: now))
                    line.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !line.isEmpty {
            report(.received(.tcp, line, at: .now))
            line.removeAll()
        }
        report(.closed(.tcp, reason: closeReason))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeReason = closeReason ?? ShoutNetError.describe(error)
        context.close(promise: nil)
    }
}
