import Foundation

#if canImport(Glibc)
import Glibc
import ShoutServerNet
import ShoutSockets
#endif

/// This process's connected TCP sockets, found through `/proc/self/fd`, for tests that check a socket option the
/// code under test set on a socket it never hands out.
enum OpenTCPSockets {
    /// One connected TCP socket and the ports at its two ends.
    struct Ends {
        let descriptor: Int32
        let localPort: Int
        let peerPort: Int
    }

    /// Every connected TCP socket open in this process now.
    static func connected() -> [Ends] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.compactMap { descriptor in
            guard isStreamSocket(descriptor),
                let local = port(of: descriptor, peer: false),
                let peer = port(of: descriptor, peer: true)
            else { return nil }
            return Ends(descriptor: descriptor, localPort: local, peerPort: peer)
        }
    }

    /// Whether Nagle's algorithm is off on a TCP socket (`TCP_NODELAY`).
    static func hasNoDelay(_ descriptor: Int32) -> Bool {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0 && value != 0
    }

    private static func isStreamSocket(_ descriptor: Int32) -> Bool {
        var type: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == Int32(SOCK_STREAM.rawValue)
    }

    /// The port of the local or the peer end of an IPv4 or IPv6 socket (both keep it at the same offset), or nil if
    /// it has none.
    private static func port(of descriptor: Int32, peer: Bool) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                peer
                    ? getpeername(descriptor, $0, &length)
                    : getsockname(descriptor, $0, &length)
            }
        }
        guard result == 0, storage.ss_family == sa_family_t(AF_INET) || storage.ss_family == sa_family_t(AF_INET6)
        else { return nil }
        let port = withUnsafeBytes(of: &storage) { $0.load(fromByteOffset: 2, as: UInt16.self) }
        return Int(UInt16(bigEndian: port))
    }
}
