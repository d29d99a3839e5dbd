/// The kernel's word on the TCP connection (`TCP_INFO`): asked for when a line waits past its timeout, and every
/// ``ClientSession/kernelRefresh`` while the connection is open (a screen's status bar shows its RTT and
/// retransmissions).
extension ClientSession {
    /// What the kernel said last of the open TCP connection; nil before its first answer about this connection, or
    /// once the connection is no longer open.
    public var tcpKernelView: TCPConnectionInfo? {
        guard let reading = kernelReading, let slot = slots[.tcp], slot.id == reading.socket, slot.phase == .open
        else { return nil }
        return reading.info
    }

    /// The effect that asks the kernel about the open TCP connection, when it is due: a line has just waited past
    /// its timeout (`overdue`), or, while new lines go over TCP, ``kernelRefresh`` has passed since the last time it
    /// was asked.
    mutating func inspection(overdue: Bool, at now: ContinuousClock.Instant) -> ClientSessionEffect? {
        guard let slot = slots[.tcp], slot.phase == .open else { return nil }
        let due =
            transport == .tcp
            && (kernelRefresh.map { refresh in kernelAskedAt.map { now - $0 >= refresh || now < $0 } ?? true } ?? false)
        guard overdue || due else { return nil }
        kernelAskedAt = now
        return .inspect(id: slot.id)
    }

    /// The kernel's answer about TCP socket `socket`: said for the lines that wait past their timeout, if any, and
    /// as the connection's latest reading.
    mutating func kernelSaid(_ info: TCPConnectionInfo, socket: Int) -> ClientSessionStep {
        let previous = kernelReading?.socket == socket ? kernelReading?.info : nil
        kernelReading = (socket, info)
        var step = ClientSessionStep()
        let waiting = matcher.waiting.filter { $0.transport == .tcp && $0.isOverdue }.map(\.id)
        if !waiting.isEmpty { step.outcomes.append(.connectionInfo(info, waiting: waiting)) }
        step.outcomes.append(.kernelView(info, previous: previous))
        return step
    }
}
