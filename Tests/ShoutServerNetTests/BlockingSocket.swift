import Foundation

#if canImport(Glibc)
import Glibc
import ShoutServerNet
import ShoutSockets
#endif

/// A plain blocking IPv4 socket for tests that want to send exact bytes and read exact replies.
final class BlockingSocket {
    let descriptor: Int32

    /// A UDP socket connected to 127.0.0.1:`port`, or a TCP connection to it.
    init(udp: Bool, port: Int, receiveTimeoutMilliseconds: Int = 2000) throws {
        descriptor = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        var timeout = timeval(
            tv_sec: receiveTimeoutMilliseconds / 1000,
            tv_usec: (receiveTimeoutMilliseconds % 1000) * 1000
        )
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var size: Int32 = 1 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXFailure(operation: "connect") }
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        repeat {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, 0)
            }
            guard sent >= 0 else { throw POSIXFailure(operation: "send") }
            offset += sent
        } while offset < bytes.count
    }

    /// One datagram, or the next bytes of a stream (empty at its end); throws on timeout.
    func receive(maximum: Int = 70_000) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
        guard count >= 0 else { throw POSIXFailure(operation: "recv") }
        return Array(buffer[..<count])
    }

    /// Closes the sending side (TCP half-close).
    func shutdownWrite() { shutdown(descriptor, Int32(SHUT_WR)) }
}

struct POSIXFailure: Error, CustomStringConvertible {
    let operation: String
    let code = errno
    var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}

/// Runs blocking socket work on a thread of its own and returns its result: a blocking call inside a test's task
/// would hold one of the few threads that Swift's concurrency shares among every test running at once, and stall
/// the others (a load-generator test once made 5 round trips in a second that way). The body returns what the test
/// checks; the checks stay in the test's task.
func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
    }
}

/// Waits on the calling thread (one of ``onOwnThread(_:)``'s) until `condition` holds, for at most five seconds.
func waitOnThisThread(until condition: () -> Bool) {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition(), ContinuousClock.now < deadline { usleep(5_000) }
}

/// A small seeded random generator (SplitMix64), so a failing fuzz run can be repeated from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
