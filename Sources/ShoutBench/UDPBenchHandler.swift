import NIOCore
import ShoutSockets
import ShoutSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One UDP socket of a benchmark: keeps `window` datagrams in flight, matches each reply to its request by the id
/// in its payload, checks it byte for byte, and counts a datagram with no reply within `timeout` as lost (its slot
/// is reused at once, so loss never stalls the run).
final class UDPBenchHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    /// The socket is connected to the server, so a request is a plain buffer: no address to convert and compare with
    /// the connected one for every datagram.
    typealias OutboundOut = ByteBuffer

    private let client: UInt64
    private let window: Int
    private let size: Int
    private let timeoutNanoseconds: UInt64
    private let control: BenchControl
    private var nextSequence: UInt64 = 0
    /// Send times of the requests in flight, by id.
    private var inFlight: [UInt64: UInt64] = [:]
    /// Ids counted lost recently, to tell a late reply from a wrong one.
    private var recentlyLost = Set<UInt64>()
    private var recentlyLostOrder: [UInt64] = []
    private var timer: RepeatedTask?
    /// What this socket counted.
    private(set) var tally = BenchTally()

    init(client: Int, window: Int, size: Int, timeout: Duration, control: BenchControl) {
        self.client = UInt64(client)
        self.window = window
        self.size = size
        self.timeoutNanoseconds =
            UInt64(timeout.components.seconds) * 1_000_000_000
            + UInt64(timeout.components.attoseconds / 1_000_000_000)
        self.control = control
    }

    func channelActive(context: ChannelHandlerContext) {
        for _ in 0..<window { sendNext(context: context) }
        context.flush()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(10), delay: .milliseconds(10)) { _ in
            let (handler, context) = bound.value
            handler.expire(context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data).data
        let now = MonotonicClock.nanoseconds()
        guard let id = BenchPayload.id(ofReply: reply.readableBytesView) else {
            tally.bad += 1
            return
        }
        if let sentAt = inFlight.removeValue(forKey: id) {
            if reply.withUnsafeReadableBytes({ BenchPayload.isExpectedReply($0, id: id, size: size) }) {
                tally.recordReply(nanoseconds: now &- sentAt)
                control.replies.wrappingAdd(1, ordering: .relaxed)
            } else {
                tally.bad += 1
            }
            sendNext(context: context)
        } else if recentlyLost.remove(id) != nil {
            tally.late += 1
        } else {
            tally.bad += 1
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (port unreachable) show up here. Before any reply, nothing listens there: the run stops at once.
        // After replies, the server went away mid-run; the datagrams concerned time out as lost.
        if NetworkError.errnoCode(of: error) == ECONNREFUSED, control.replies.load(ordering: .relaxed) == 0 {
            control.unreachable.store(true, ordering: .relaxed)
        }
    }

    /// Counts requests past their timeout as lost and reuses their slots.
    private func expire(context: ChannelHandlerContext) {
        let now = MonotonicClock.nanoseconds()
        let expired = inFlight.filter { now &- $0.value >= timeoutNanoseconds }.map(\.key)
        guard !expired.isEmpty else { return }
        for id in expired {
            inFlight.removeValue(forKey: id)
            tally.lost += 1
            control.lost.wrappingAdd(1, ordering: .relaxed)
            recentlyLost.insert(id)
            recentlyLostOrder.append(id)
            sendNext(context: context)
        }
        if recentlyLostOrder.count > 100_000 {
            for id in recentlyLostOrder.prefix(50_000) { recentlyLost.remove(id) }
            recentlyLostOrder.removeFirst(50_000)
        }
        context.flush()
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard control.isRunning.load(ordering: .relaxed) else { return }
        let id = client << 28 | nextSequence
        nextSequence += 1
        var buffer = context.channel.allocator.buffer(capacity: size)
        BenchPayload.writeRequest(id: id, size: size, into: &buffer)
        inFlight[id] = MonotonicClock.nanoseconds()
        tally.sent += 1
        context.write(wrapOutboundOut(buffer), promise: nil)
    }
}
