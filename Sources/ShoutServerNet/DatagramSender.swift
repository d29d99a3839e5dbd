import NIOCore
import ShoutCore
import ShoutSockets

/// A datagram's sender as the answering rules need it: the port for every datagram, the address only when a rule or
/// a listed event asks for it (formatting an address is the dearest part of reading one).
protocol DatagramSender {
    /// The source port (0 when the address has none).
    var sourcePort: Int { get }
    /// The source address without the port, as the rate limiter tells senders apart.
    var sourceAddress: SourceAddress { get }
    /// The sender as a person reads it, IPv4-mapped IPv6 addresses shown as IPv4.
    var sourceEndpoint: Endpoint { get }
}

extension SocketAddress: DatagramSender {
    var sourcePort: Int { port ?? 0 }
    var sourceAddress: SourceAddress { withSockAddr { pointer, _ in SourceAddress(pointer) } }
    var sourceEndpoint: Endpoint { endpoint }
}

extension ReceivedAddress: DatagramSender {}
