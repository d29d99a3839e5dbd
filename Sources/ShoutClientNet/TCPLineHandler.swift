import NIOCore
import ShoutCore
import ShoutSockets

/// Splits what a TCP client receives into lines and reports each one. A line longer than ``maximumLine`` is reported
/// by its first ``maximumLine`` bytes and the rest of it is discarded (and said once), so a server that sends a line
/// that never ends costs bounded memory. What is left when the server closes is a reply too.
final class TCPLineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// The longest line kept before it is reported as it is: 4 MiB, room for the reply to any line a person types
    /// or pastes (upper-casing makes UTF-8 at most three times longer), still bounded for a server whose line never
    /// ends.
    static let maximumLine = 4 * 1_048_576

    private let report: @Sendable (ClientNetEvent) -> Void
    private var line: [UInt8] = []
    /// Whether the current line passed ``maximumLine`` and its rest is being discarded.
    private var discarding = false
    private var closeReason: ClientSocketError?

    init(report: @escaping @Sendable (ClientNetEvent) -> Void) {
        self.report = report
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let now = ContinuousClock.now
        // Whole pieces between newlines, not byte by byte: a reply of megabytes arrives in 64 KiB reads.
        var rest = buffer.readableBytesView[...]
        while !rest.isEmpty {
            guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else {
                keep(rest, at: now)
                return
            }
            keep(rest[..<newline], at: now)
            if !discarding { report(.received(.tcp, line, at: now)) }
            discarding = false
            line.removeAll(keepingCapacity: true)
            rest = rest[(newline + 1)...]
        }
    }

    /// Adds a piece of the current line, up to ``maximumLine``; past that, reports the line as it is and discards
    /// the rest of it.
    private func keep(_ piece: ByteBufferView.SubSequence, at now: ContinuousClock.Instant) {
        guard !discarding else { return }
        line.append(contentsOf: piece.prefix(Self.maximumLine - line.count))
        guard line.count >= Self.maximumLine else { return }
        report(.received(.tcp, line, at: now))
        report(
            .problem(
                .tcp,
                ClientSocketError(
                    .lineTooLong,
                    "a reply line passed \(Self.maximumLine / 1_048_576) MiB "
                        + "(\(NumberText.grouped(Self.maximumLine)) bytes), so it is shown cut there; the rest "
                        + "of it, up to its newline, is discarded"
                )
            )
        )
        line.removeAll(keepingCapacity: true)
        discarding = true
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !line.isEmpty && !discarding {
            report(.received(.tcp, line, at: .now))
            line.removeAll()
        }
        report(.closed(.tcp, reason: closeReason))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeReason = closeReason ?? ClientSocketError(.reset, NetworkError.describe(error))
        context.close(promise: nil)
    }
}
