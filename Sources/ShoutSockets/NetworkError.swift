import NIOCore
import NIOPosix
import ShoutCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error of the network layer, with one full sentence a user can act on as its description.
public struct NetworkError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case portInUse, heldByClosedConnections, permissionDenied, hostNotFound, connectionRefused, portUnreachable,
            timedOut, addressUnavailable, notSent, hostUnreachable, other
    }

    private let code: Code
    /// The sentence shown to the user.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// Whether the port was taken (by a listener, or by connections closed a moment ago).
    public var isPortInUse: Bool { code == .portInUse || code == .heldByClosedConnections }
    /// Whether nothing listens on the TCP port, but connections a server closed a moment ago still hold it: it is
    /// free again within a minute.
    public var isHeldByClosedConnections: Bool { code == .heldByClosedConnections }
    /// Whether the peer refused the connection.
    public var isConnectionRefused: Bool { code == .connectionRefused }

    /// The same failure as a client socket's error value, for the client session.
    public var clientSocketError: ClientSocketError {
        switch code {
        case .connectionRefused: ClientSocketError(.refused, description)
        case .hostNotFound: ClientSocketError(.hostNotFound, description)
        case .portUnreachable: ClientSocketError(.portUnreachable, description)
        case .timedOut: ClientSocketError(.timedOut, description)
        case .notSent: ClientSocketError(.notSent, description)
        case .hostUnreachable: ClientSocketError(.hostUnreachable, description)
        case .portInUse, .heldByClosedConnections, .permissionDenied, .addressUnavailable, .other:
            ClientSocketError(.other, description)
        }
    }

    /// The port is taken by another program.
    public static func portInUse(_ port: Int, _ transport: String) -> NetworkError {
        NetworkError(.portInUse, "Port \(port)/\(transport) is already in use; is another server running? Try --port.")
    }

    /// Nothing listens on the TCP port, but connections closed a moment ago hold it (TIME-WAIT) and their server
    /// had not set `SO_REUSEADDR`, so the kernel keeps the port for up to a minute.
    public static func heldByClosedConnections(_ port: Int) -> NetworkError {
        NetworkError(
            .heldByClosedConnections,
            "Port \(port)/tcp has no listener, but connections a server closed a moment ago still hold it "
                + "(TIME-WAIT: that server did not set SO_REUSEADDR, as the textbook TCPServer does not); "
                + "it is free again within a minute."
        )
    }

    /// A name that does not resolve.
    public static func hostNotFound(_ host: String) -> NetworkError {
        NetworkError(.hostNotFound, "Host '\(host)' not found; check the name, or use an address such as 127.0.0.1.")
    }

    /// A TCP connection attempt that the peer refused.
    public static func connectionRefused(_ endpoint: String) -> NetworkError {
        NetworkError(.connectionRefused, "Connection to \(endpoint) refused; is a server running there?")
    }

    /// A UDP port where nothing listens, as the OS reported it at once (ICMP port unreachable).
    public static func portUnreachable(_ endpoint: String) -> NetworkError {
        NetworkError(
            .portUnreachable,
            "Port unreachable: nothing listens on \(endpoint) over UDP; is a server running there?"
        )
    }

    /// A datagram the kernel would not send, with the reason in words a student reads and the errno's name.
    public static func notSent(errno code: Int32) -> NetworkError {
        let why =
            switch code {
            case EPERM, EACCES: "a firewall on this machine refused it"
            case EHOSTUNREACH: "the server's host cannot be reached from here (no answer to ARP, or a router said so)"
            case ENETUNREACH: "this machine has no route to the server's network"
            case ENOBUFS, EAGAIN: "the network interface's queue is full; the datagram was dropped before it left"
            case EMSGSIZE: "it is larger than one UDP datagram can carry (65,507 bytes)"
            case ENETDOWN: "the network interface is down"
            default: describe(errno: code)
            }
        return NetworkError(.notSent, "not sent: \(why) (\(errnoName(code)))")
    }

    /// What a client's UDP socket read instead of a datagram: an ICMP error the kernel reported for it, or a failure.
    package static func receiveError(errno code: Int32) -> NetworkError {
        switch code {
        case ECONNREFUSED:
            return NetworkError(.portUnreachable, ClientSocketError.udpPortUnreachable.description)
        case EHOSTUNREACH, EHOSTDOWN:
            return NetworkError(
                .hostUnreachable,
                "host unreachable: nothing answered for the server's address (no ARP reply, or a router said so in "
                    + "ICMP)"
            )
        case ENETUNREACH:
            return NetworkError(
                .hostUnreachable,
                "network unreachable: a router said it has no route to the server (ICMP)"
            )
        default:
            return NetworkError(.other, "The UDP socket cannot be read: \(describe(errno: code)).")
        }
    }

    /// Whether an error read from a UDP socket is the network's report (ICMP) about a datagram, which reading
    /// consumes, rather than a failure of the socket itself.
    package static func isNetworkReport(errno code: Int32) -> Bool {
        [ECONNREFUSED, EHOSTUNREACH, EHOSTDOWN, ENETUNREACH, ENONET, EPROTO, EMSGSIZE, EPERM, EACCES].contains(code)
    }

    /// The symbolic name of an errno value a student can look up (`EPERM`), or its number.
    package static func errnoName(_ code: Int32) -> String {
        let names: [Int32: String] = [
            EPERM: "EPERM", EACCES: "EACCES", EHOSTUNREACH: "EHOSTUNREACH", ENETUNREACH: "ENETUNREACH",
            ENOBUFS: "ENOBUFS", EAGAIN: "EAGAIN", EMSGSIZE: "EMSGSIZE", ENETDOWN: "ENETDOWN",
            ECONNREFUSED: "ECONNREFUSED",
        ]
        return names[code] ?? "errno \(code)"
    }

    /// Anything else, as one sentence.
    public static func other(_ sentence: String) -> NetworkError {
        NetworkError(.other, sentence)
    }

    /// Turns an error from binding a server socket into a sentence.
    package static func binding(_ error: any Error, host: String, port: Int, transport: String) -> NetworkError {
        switch errnoCode(of: error) {
        case EADDRINUSE:
            let heldByConnections =
                transport == "tcp" && port != 0
                && TCPPortOccupants.current(port: port)?.isHeldOnlyByConnections == true
            return heldByConnections ? .heldByClosedConnections(port) : .portInUse(port, transport)
        case EACCES, EPERM:
            return NetworkError(
                .permissionDenied,
                "Permission denied for port \(port)/\(transport); ports below 1024 need privileges. Try --port 12000."
            )
        case EADDRNOTAVAIL:
            return NetworkError(
                .addressUnavailable,
                "Address \(host) is not an address of this machine; check --host."
            )
        default:
            if isUnknownHost(error) { return .hostNotFound(host) }
            return NetworkError(.other, "Cannot listen on \(host) port \(port)/\(transport): \(describe(error)).")
        }
    }

    /// Turns an error from connecting into a sentence.
    package static func connecting(_ error: any Error, to endpoint: String, host: String) -> NetworkError {
        if isUnknownHost(error) { return .hostNotFound(host) }
        if let connection = error as? NIOConnectionError {
            if connection.dnsAAAAError != nil && connection.dnsAError != nil && connection.connectionErrors.isEmpty {
                return .hostNotFound(host)
            }
            if connection.connectionErrors.contains(where: { errnoCode(of: $0.error) == ECONNREFUSED }) {
                return .connectionRefused(endpoint)
            }
            if let first = connection.connectionErrors.first {
                let code: Code = Self.isConnectTimeout(first.error) ? .timedOut : .other
                return NetworkError(code, "Cannot connect to \(endpoint): \(describe(first.error)).")
            }
            return .hostNotFound(host)
        }
        if errnoCode(of: error) == ECONNREFUSED { return .connectionRefused(endpoint) }
        let code: Code = Self.isConnectTimeout(error) ? .timedOut : .other
        return NetworkError(code, "Cannot connect to \(endpoint): \(describe(error)).")
    }

    /// Whether resolving the host name failed (NIO says so with either of two error types).
    package static func isUnknownHost(_ error: any Error) -> Bool {
        error is SocketAddressError || error is SocketAddressError.UnknownHost
    }

    /// Whether connecting gave up because it took too long.
    package static func isConnectTimeout(_ error: any Error) -> Bool {
        if case .connectTimeout = error as? ChannelError { return true }
        return false
    }

    /// The errno behind an NIO error, if any.
    package static func errnoCode(of error: any Error) -> Int32? {
        if let io = error as? IOError { return io.errnoCode }
        return nil
    }

    /// The C library's text for an errno value, lower-cased for a sentence.
    package static func describe(errno code: Int32) -> String {
        describe(IOError(errnoCode: code, reason: ""))
    }

    /// A short description of an error for a sentence: the C library's text for errno errors.
    package static func describe(_ error: any Error) -> String {
        if let code = errnoCode(of: error), let text = strerror(code) { return String(cString: text).lowercased() }
        if let channelError = error as? ChannelError {
            switch channelError {
            case .ioOnClosedChannel, .alreadyClosed: return "the connection is closed"
            case .connectTimeout: return "the connection timed out"
            default: return "\(channelError)"
            }
        }
        return "\(error)"
    }
}
