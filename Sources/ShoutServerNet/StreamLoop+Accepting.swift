import CLinuxSockets
import Glibc
import NIOCore
import ShoutCore
import ShoutSockets
import ShoutSystem

/// Accepting: the welcoming socket's queue, the cap on open connections, the pause when descriptors run out.
extension StreamLoop {
    /// Accepts what the queue holds (up to ``acceptsPerWake``); one over `--max-connections` is closed at once,
    /// counted and reported, before the next is accepted.
    func acceptConnections(_ state: inout State) {
        for _ in 0..<Self.acceptsPerWake {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &address) { storage in
                storage.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    shout_accept(
                        listener.descriptor,
                        $0,
                        &length,
                        Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                    )
                }
            }
            guard descriptor >= 0 else {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                guard code != EAGAIN && code != EWOULDBLOCK else { return }
                // Out of file descriptors (or memory): the queue stays readable, so stop asking for a while rather
                // than spin on it.
                if state.burst.admit(1) {
                    let pause = "accepting again in \(Self.acceptPause / 1_000_000) ms"
                    state.burst.list(
                        ServerEvent(
                            .problem(
                                "TCP: cannot accept a connection: \(NetworkError.describe(errno: code)); \(pause)"
                            )
                        )
                    )
                }
                setListenerInterest(0)
                state.acceptsResumeAt = MonotonicClock.nanoseconds() + Self.acceptPause
                return
            }
            if counters.connectionsOpen.load(ordering: .relaxed) >= maxConnections {
                refuse(descriptor, from: address, &state)
                continue
            }
            counters.connectionsOpen.wrappingAdd(1, ordering: .relaxed)
            counters.connectionsAccepted.wrappingAdd(1, ordering: .relaxed)
            state.nextID += 1
            let answerer = ConnectionAnswerer(id: state.nextID) {
                withUnsafePointer(to: address) { ReceivedAddress(storage: $0).sourceEndpoint }
            }
            let connection = Connection(descriptor: descriptor, answerer: answerer)
            guard watch(descriptor, connection.interest) else {
                counters.connectionsOpen.wrappingSubtract(1, ordering: .relaxed)
                Glibc.close(descriptor)
                continue
            }
            state.connections[descriptor] = connection
            answerer.opened(
                local: {
                    LocalSocketAddress.of(descriptor).map { local in
                        withUnsafePointer(to: local) { ReceivedAddress(storage: $0).sourceEndpoint }
                    } ?? Endpoint(host: "?", port: 0)
                },
                &state.burst
            )
        }
    }

    /// Why the cap is what it is, when `--max-connections` set it.
    static let optionCap = " (--max-connections)"

    /// The line that says a connection was closed at once: `open` connections are open, as many as `cap` allows.
    static func refusal(of peer: Endpoint, open: Int, cap: String) -> ServerEvent {
        let connections = open == 1 ? "1 connection is open" : "\(open) connections are open"
        return ServerEvent(.problem("TCP connection from \(peer.description) closed at once: \(connections)\(cap)"))
    }

    func refuse(_ descriptor: Int32, from address: sockaddr_storage, _ state: inout State) {
        Glibc.close(descriptor)
        counters.connectionsRefused.wrappingAdd(1, ordering: .relaxed)
        guard state.burst.admit(1) else { return }
        let peer = withUnsafePointer(to: address) { ReceivedAddress(storage: $0).sourceEndpoint }
        state.burst.list(Self.refusal(of: peer, open: maxConnections, cap: cap))
    }
}
