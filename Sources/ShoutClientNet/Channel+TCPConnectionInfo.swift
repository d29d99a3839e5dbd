import NIOCore
import ShoutCore

extension Channel {
    /// What the kernel says of this TCP connection (`TCP_INFO`); nil where it says nothing (not Linux, not TCP,
    /// closed).
    package func tcpConnectionInfo() async -> TCPConnectionInfo? {
        #if os(Linux)
        guard let provider = self as? any SocketOptionProvider,
            let info = try? await provider.getTCPInfo().get()
        else { return nil }
        return TCPConnectionInfo(
            state: TCPConnectionInfo.stateName(Int(info.tcpi_state)),
            totalRetransmissions: Int(info.tcpi_total_retrans),
            unacknowledged: Int(info.tcpi_unacked),
            smoothedRTT: .microseconds(Int(info.tcpi_rtt))
        )
        #else
        return nil
        #endif
    }
}
