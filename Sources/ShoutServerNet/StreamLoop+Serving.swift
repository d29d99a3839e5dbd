import CLinuxSockets
import Glibc
import NIOCore
import ShoutCore
import ShoutSockets

/// Serving one connection: reads answered at once, unsent replies and backpressure, the peer's half-close, the close.
extension StreamLoop {
    func serve(_ connection: Connection, flags: UInt32, _ state: inout State) {
        // Room to write, or an error or hang-up that the next write will report (a paused connection is not read).
        let writable = UInt32(EPOLLOUT.rawValue) | UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)
        if flags & writable != 0, connection.unsentCount > 0 { writeUnsent(connection, &state) }
        let readable = UInt32(EPOLLIN.rawValue) | UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)
        if flags & readable != 0, !connection.isClosed, !connection.inputClosed, !connection.readingPaused {
            read(connection, &state)
        }
    }

    /// Reads and answers up to ``readsPerWake`` times; a short read means the socket is drained for now.
    func read(_ connection: Connection, _ state: inout State) {
        for _ in 0..<Self.readsPerWake {
            let count = Glibc.read(connection.descriptor, state.buffer, Self.readSize)
            if count > 0 {
                answer(connection, UnsafeMutableRawBufferPointer(start: state.buffer, count: count), &state)
                if connection.isClosed || connection.readingPaused || count < Self.readSize { return }
            } else if count == 0 {
                peerClosedInput(connection, &state)
                return
            } else {
                let code = errno
                if code == EINTR { continue }
                if code != EAGAIN && code != EWOULDBLOCK {
                    close(connection, reason: NetworkError.describe(errno: code), &state)
                }
                return
            }
        }
    }

    /// Answers one read: ASCII upper-cased where it was read, other bytes (or a character the last read cut off)
    /// through the connection's streaming upper-caser. (Where the ASCII path meets other bytes, the ASCII before them
    /// may already be upper-cased in place; upper-casing ASCII twice changes nothing.)
    func answer(_ connection: Connection, _ request: UnsafeMutableRawBufferPointer, _ state: inout State) {
        let answerer = connection.answerer
        answerer.received(UnsafeRawBufferPointer(request), &state.burst)
        if !answerer.holdsPartOfACharacter,
            Uppercasing.copyUppercasingASCII(from: UnsafeRawBufferPointer(request), to: request)
        {
            reply(UnsafeRawBufferPointer(request), on: connection, &state)
        } else {
            let bytes = answerer.unicodeReply(to: UnsafeRawBufferPointer(request))
            bytes.withUnsafeBytes { reply($0, on: connection, &state) }
        }
    }

    func reply(_ bytes: UnsafeRawBufferPointer, on connection: Connection, _ state: inout State) {
        guard !bytes.isEmpty else { return }
        connection.answerer.replying(bytes, &state.burst)
        var written = 0
        if connection.unsentCount == 0 {
            let result = send(connection.descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if result < 0 {
                let code = errno
                guard code == EAGAIN || code == EWOULDBLOCK || code == EINTR else {
                    close(connection, reason: NetworkError.describe(errno: code), &state)
                    return
                }
            } else {
                written = result
            }
            if written == bytes.count { return }
        }
        connection.unsent.append(contentsOf: bytes[written...])
        if connection.unsentCount > Self.highWater { connection.readingPaused = true }
        updateInterest(connection, &state)
    }

    /// Writes what the socket will take of the unsent replies; closes a connection whose peer has closed its side
    /// once nothing is left, and reads a paused one again below ``lowWater``.
    func writeUnsent(_ connection: Connection, _ state: inout State) {
        while connection.unsentCount > 0 {
            let result = connection.unsent.withUnsafeBytes { bytes in
                send(
                    connection.descriptor,
                    bytes.baseAddress! + connection.unsentStart,
                    connection.unsentCount,
                    Int32(MSG_NOSIGNAL)
                )
            }
            if result > 0 {
                connection.unsentStart += result
                continue
            }
            let code = errno
            if result < 0, code == EINTR { continue }
            if result < 0, code == EAGAIN || code == EWOULDBLOCK { break }
            close(connection, reason: NetworkError.describe(errno: code), &state)
            return
        }
        if connection.unsentCount == 0 {
            connection.unsent = []
            connection.unsentStart = 0
            if connection.inputClosed {
                close(connection, reason: nil, &state)
                return
            }
        } else if connection.unsentStart >= Self.highWater {
            connection.unsent.removeFirst(connection.unsentStart)
            connection.unsentStart = 0
        }
        if connection.readingPaused, connection.unsentCount < Self.lowWater { connection.readingPaused = false }
        updateInterest(connection, &state)
    }

    /// The peer closed its side: send what is still held, then close ours (at once when nothing waits to be
    /// written, as for the textbook client's one line).
    func peerClosedInput(_ connection: Connection, _ state: inout State) {
        connection.inputClosed = true
        let rest = connection.answerer.inputClosed()
        if !rest.isEmpty { rest.withUnsafeBytes { reply($0, on: connection, &state) } }
        guard !connection.isClosed else { return }
        if connection.unsentCount == 0 {
            close(connection, reason: nil, &state)
        } else {
            updateInterest(connection, &state)
        }
    }

    /// Asks `epoll` for reads while the connection is read from, and for room to write while replies wait.
    func updateInterest(_ connection: Connection, _ state: inout State) {
        guard !connection.isClosed else { return }
        var interest: UInt32 = 0
        if !connection.readingPaused && !connection.inputClosed { interest |= UInt32(EPOLLIN.rawValue) }
        if connection.unsentCount > 0 { interest |= UInt32(EPOLLOUT.rawValue) }
        guard interest != connection.interest else { return }
        connection.interest = interest
        var event = epoll_event(events: interest, data: epoll_data_t(fd: connection.descriptor))
        epoll_ctl(epoll, EPOLL_CTL_MOD, connection.descriptor, &event)
    }

    /// Closes a connection (closing the descriptor also takes it out of the `epoll` set), for `reason` (nil: in
    /// the ordinary way).
    func close(_ connection: Connection, reason: String?, _ state: inout State) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        state.connections[connection.descriptor] = nil
        Glibc.close(connection.descriptor)
        counters.connectionsOpen.wrappingSubtract(1, ordering: .relaxed)
        connection.answerer.closed(reason: reason, &state.burst)
    }
}
