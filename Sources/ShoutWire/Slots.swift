import CLinuxSockets
import FoundationEssentials
import Glibc

/// The capture's receive buffers: one slot of `length` bytes a packet, with its link-level address and the message
/// header `recvmmsg` fills, allocated once. Used by the capture's thread alone.
struct Slots {
    let count: Int
    let length: Int
    private let buffers: UnsafeMutableRawPointer
    private let addresses: UnsafeMutablePointer<sockaddr_ll>
    private let vectors: UnsafeMutablePointer<iovec>
    private let messages: UnsafeMutablePointer<shout_multi_message>
    /// Room for each message's control data: the kernel's time stamp.
    private let controls: UnsafeMutableRawPointer
    private static let controlLength = 64

    init(count: Int, length: Int) {
        self.count = count
        self.length = length
        buffers = .allocate(byteCount: count * length, alignment: 16)
        addresses = .allocate(capacity: count)
        vectors = .allocate(capacity: count)
        messages = .allocate(capacity: count)
        controls = .allocate(byteCount: count * Self.controlLength, alignment: 16)
        for index in 0..<count {
            vectors[index] = iovec(iov_base: buffers + index * length, iov_len: length)
        }
    }

    /// Reads up to ``count`` packets without waiting; returns how many (0 when none is waiting or on an error).
    func receive(from descriptor: Int32) -> Int {
        for index in 0..<count {
            var header = msghdr()
            header.msg_name = UnsafeMutableRawPointer(addresses + index)
            header.msg_namelen = socklen_t(MemoryLayout<sockaddr_ll>.size)
            header.msg_iov = vectors + index
            header.msg_iovlen = 1
            header.msg_control = controls + index * Self.controlLength
            header.msg_controllen = Self.controlLength
            messages[index] = shout_multi_message(header: header, length: 0)
        }
        let received = shout_receive_messages(descriptor, messages, UInt32(count), Int32(MSG_DONTWAIT))
        return max(0, Int(received))
    }

    /// The bytes of packet `index` that arrived (at most ``length``).
    func bytes(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffers + index * length, count: min(length, Int(messages[index].length)))
    }

    /// When the kernel took packet `index`; nil when it did not say.
    func time(_ index: Int) -> Date? {
        let nanoseconds = withUnsafePointer(to: &messages[index].header) { shout_message_time($0) }
        guard nanoseconds > 0 else { return nil }
        return Date(timeIntervalSince1970: Double(nanoseconds) / 1_000_000_000)
    }

    /// Whether packet `index` is the outgoing copy of a loopback packet (the incoming copy is the one kept).
    func isLoopbackOutgoing(_ index: Int) -> Bool {
        shout_is_loopback_outgoing(addresses + index) != 0
    }

    func deallocate() {
        buffers.deallocate()
        addresses.deallocate()
        vectors.deallocate()
        messages.deallocate()
        controls.deallocate()
    }
}
