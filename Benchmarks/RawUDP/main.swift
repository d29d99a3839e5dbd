// A yardstick, not part of Shout: the upper-casing UDP server as a plain Swift loop over recvmmsg/sendmmsg, without
// SwiftNIO, so that compare.py (`--servers`) can show how much of the gap to the C reference is Swift and how much is
// NIO's per-datagram channel path. ASCII only, IPv4 loopback, one thread, no events, no screen: the C reference
// server's design in Swift. Built by compare.py with `swiftc -O -Xcc -D_GNU_SOURCE`.
//
// Usage: raw-udp PORT. Prints "listening" once bound; runs until killed.
import Glibc

/// Datagrams per recvmmsg/sendmmsg, and the room for each (longer ones are cut, as in the C reference).
let batchSize = 64
let slotSize = 2048

guard CommandLine.arguments.count == 2, let port = UInt16(CommandLine.arguments[1]) else {
    fputs("usage: raw-udp PORT\n", stderr)
    exit(2)
}

let socketFD = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
address.sin_port = port.bigEndian
address.sin_addr.s_addr = inet_addr("127.0.0.1")
let bound = withUnsafePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socketFD, __CONST_SOCKADDR_ARG(__sockaddr__: $0), socklen_t(MemoryLayout<sockaddr_in>.size))
    }
}
guard socketFD >= 0, bound == 0 else {
    perror("raw-udp: bind")
    exit(1)
}
print("listening")
fflush(stdout)

let payloads = UnsafeMutableRawPointer.allocate(byteCount: batchSize * slotSize, alignment: 64)
let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: batchSize)
let senders = UnsafeMutablePointer<sockaddr_storage>.allocate(capacity: batchSize)
let messages = UnsafeMutablePointer<mmsghdr>.allocate(capacity: batchSize)

while true {
    for index in 0..<batchSize {
        vectors[index] = iovec(iov_base: payloads + index * slotSize, iov_len: slotSize)
        messages[index] = mmsghdr()
        messages[index].msg_hdr.msg_iov = vectors + index
        messages[index].msg_hdr.msg_iovlen = 1
        messages[index].msg_hdr.msg_name = UnsafeMutableRawPointer(senders + index)
        messages[index].msg_hdr.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
    }
    let received = Int(recvmmsg(socketFD, messages, UInt32(batchSize), Int32(MSG_WAITFORONE), nil))
    guard received > 0 else { continue }
    for index in 0..<received {
        // Upper-case in place; the reply goes back through the same message header, to the sender just read.
        let length = Int(messages[index].msg_len)
        let bytes = (payloads + index * slotSize).assumingMemoryBound(to: UInt8.self)
        for offset in 0..<length where bytes[offset] &- 0x61 < 26 { bytes[offset] &-= 0x20 }
        vectors[index].iov_len = length
    }
    var sent = 0
    while sent < received {
        let count = Int(sendmmsg(socketFD, messages + sent, UInt32(received - sent), 0))
        guard count > 0 else { break }
        sent += count
    }
}
