import Glibc
import NIOCore
import ShoutCore
import ShoutSockets

/// The client's UDP socket: connected to the server (so the OS reports ICMP errors about it), read on a thread of its
/// own, written directly by whoever sends.
///
/// A send that fails fails that one datagram and says why; the socket stays open for the next. (NIO's datagram
/// channel closes itself on any send error but two, so one datagram a local firewall refused, EPERM, left the client
/// with a dead socket for good.) The socket asks for every ICMP error about its datagrams (`IP_RECVERR`: without it
/// Linux tells a UDP socket of port unreachable only, and a host that does not answer ARP stays silent); the reader
/// thread reads each from the socket's error queue, once, and reports it; the socket goes on.
final class DatagramClientSocket: Sendable {
    /// The largest UDP payload in one IPv4 datagram: 65,535 less the IPv4 and UDP headers.
    static let largestPayload = 65_507

    /// Its own address and port.
    let local: Endpoint
    private let descriptor: Int32
    private let reader: LoopThread

    private init(descriptor: Int32, local: Endpoint, reader: LoopThread) {
        self.descriptor = descriptor
        self.local = local
        self.reader = reader
    }

    /// Opens a UDP socket connected to `address` and starts reading it; everything it receives, and every ICMP error
    /// the kernel reports for it, goes to `report` from the reader thread.
    static func open(
        to address: SocketAddress,
        server: Endpoint,
        report: @escaping @Sendable (ClientNetEvent) -> Void
    ) throws -> DatagramClientSocket {
        let descriptor = socket(
            Int32(address.protocol.rawValue),
            Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard descriptor >= 0 else {
            throw NetworkError.other("Cannot open a UDP socket: \(NetworkError.describe(errno: errno)).")
        }
        var on: Int32 = 1
        let isIPv6 = address.protocol == .inet6
        setsockopt(
            descriptor,
            isIPv6 ? Int32(IPPROTO_IPV6) : Int32(IPPROTO_IP),
            isIPv6 ? IPV6_RECVERR : IP_RECVERR,
            &on,
            socklen_t(MemoryLayout<Int32>.size)
        )
        let connected = address.withSockAddr { pointer, length in connect(descriptor, pointer, socklen_t(length)) }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw NetworkError.connecting(
                IOError(errnoCode: code, reason: "connect"),
                to: "\(server)",
                host: server.host
            )
        }
        let local =
            LocalSocketAddress.of(descriptor).map { address in
                withUnsafePointer(to: address) { ReceivedAddress(storage: $0).sourceEndpoint }
            } ?? Endpoint(host: "?", port: 0)
        let reader: LoopThread
        do {
            reader = try LoopThread()
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        let socket = DatagramClientSocket(descriptor: descriptor, local: local, reader: reader)
        do {
            try reader.start(named: "shout-udp-client") { [wake = reader.wakeDescriptor] in
                Self.read(descriptor, wake: wake, report: report)
                Glibc.close(descriptor)
            }
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        return socket
    }

    /// Sends one datagram of `bytes`. `written` gets the instant right before the send, as the round trip's start.
    /// Throws a ``NetworkError`` that says why this datagram was not sent; the socket stays usable either way.
    func send(_ bytes: [UInt8], written: ((ContinuousClock.Instant) -> Void)?) throws -> ContinuousClock.Instant {
        if bytes.count > Self.largestPayload {
            throw NetworkError.notSent(errno: EMSGSIZE)
        }
        let stamp = ContinuousClock.now
        written?(stamp)
        var attempts = 0
        while true {
            attempts += 1
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 { return stamp }
            let code = errno
            switch code {
            case EINTR:
                continue
            case ECONNREFUSED where attempts == 1:
                // An ICMP port unreachable about an earlier datagram, which the kernel hands to whichever call comes
                // first; this datagram was not sent because of it. The reader reports such errors; send it again.
                continue
            default:
                throw NetworkError.notSent(errno: code)
            }
        }
    }

    /// Stops the reader and closes the socket.
    func close() async {
        await reader.stop()
    }

    /// The reader thread's loop: waits for a datagram, an error or the wake-up to stop, and reports each.
    private static func read(_ descriptor: Int32, wake: Int32, report: @Sendable (ClientNetEvent) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var watched = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&watched, nfds_t(watched.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                report(.problem(.udp, NetworkError.receiveError(errno: errno).clientSocketError))
                return
            }
            if watched[1].revents != 0 { return }
            guard watched[0].revents != 0 else { continue }
            // The network's reports (ICMP), each once, from the error queue.
            if watched[0].revents & Int16(POLLERR) != 0 {
                for code in readErrorQueue(descriptor) {
                    report(.problem(.udp, NetworkError.receiveError(errno: code).clientSocketError))
                }
            }
            // Every datagram waiting, without blocking.
            while true {
                let count = buffer.withUnsafeMutableBytes {
                    recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
                }
                if count >= 0 {
                    report(.received(.udp, Array(buffer[0..<count]), at: .now))
                    continue
                }
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK { break }
                if code == EINTR { continue }
                // An ICMP error also comes back here once; it was reported from the error queue.
                if NetworkError.isNetworkReport(errno: code) { continue }
                report(.problem(.udp, NetworkError.receiveError(errno: code).clientSocketError))
                return
            }
        }
    }

    /// Drains the socket's error queue (`MSG_ERRQUEUE`); returns the errno of each ICMP error in it, in order.
    private static func readErrorQueue(_ descriptor: Int32) -> [Int32] {
        var codes: [Int32] = []
        var payload = [UInt8](repeating: 0, count: 512)
        var control = [UInt8](repeating: 0, count: 512)
        while codes.count < 64 {
            let received = payload.withUnsafeMutableBytes { payloadBytes in
                control.withUnsafeMutableBytes { controlBytes in
                    var vector = iovec(iov_base: payloadBytes.baseAddress, iov_len: payloadBytes.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var message = msghdr()
                        message.msg_iov = vectorPointer
                        message.msg_iovlen = 1
                        message.msg_control = controlBytes.baseAddress
                        message.msg_controllen = controlBytes.count
                        let count = recvmsg(descriptor, &message, Int32(MSG_ERRQUEUE) | Int32(MSG_DONTWAIT))
                        guard count >= 0 else { return Int32?.none }
                        // The first control message is the error (`struct sock_extended_err`: ee_errno first).
                        guard message.msg_controllen >= MemoryLayout<cmsghdr>.size + 4,
                            let base = controlBytes.baseAddress
                        else { return Int32(0) }
                        let header = base.load(as: cmsghdr.self)
                        let isError =
                            (header.cmsg_level == Int32(IPPROTO_IP) && header.cmsg_type == IP_RECVERR)
                            || (header.cmsg_level == Int32(IPPROTO_IPV6) && header.cmsg_type == IPV6_RECVERR)
                        guard isError else { return Int32(0) }
                        return Int32(bitPattern: base.load(fromByteOffset: MemoryLayout<cmsghdr>.size, as: UInt32.self))
                    }
                }
            }
            guard let code = received else { break }
            if code != 0 { codes.append(code) }
        }
        return codes
    }
}
