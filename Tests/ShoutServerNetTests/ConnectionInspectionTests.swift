import Foundation
import ShoutCore
import Testing

@testable import ShoutServerNet

/// The kernel's view of the server's connections, read by the TCP loop on its own thread when asked.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionInspectionTests {
    @Test("asked, the TCP loop publishes each open connection's TCP_INFO by its id; a closed one drops out")
    func inspection() async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let inspection = try #require(server.connectionInspection)
        let port = server.port
        let seen = try await onOwnThread { () -> [[Int: TCPConnectionInfo]] in
            let first = try BlockingSocket(udp: false, port: port)
            var second: BlockingSocket? = try BlockingSocket(udp: false, port: port)
            for socket in [first, second!] {
                try socket.send(Array("hi\n".utf8))
                _ = try socket.receive()
            }
            // Not asked: nothing is read.
            let unasked = inspection.snapshot
            inspection.request()
            waitOnThisThread { inspection.snapshot.count == 2 }
            let both = inspection.snapshot
            second = nil
            // The server closes the second connection once it reads its end; then the view leaves it out.
            waitOnThisThread {
                inspection.request()
                usleep(10_000)
                return inspection.snapshot.count == 1
            }
            _ = second
            return [unasked, both, inspection.snapshot]
        }
        await server.stop()
        #expect(seen[0].isEmpty)
        #expect(Set(seen[1].keys) == [1, 2])
        #expect(seen[1].values.allSatisfy { $0.state == "ESTABLISHED" && $0.smoothedRTT > .zero })
        #expect(Set(seen[2].keys) == [1])
    }

    @Test("a request after the server stopped does nothing")
    func afterStop() async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let inspection = try #require(server.connectionInspection)
        await server.stop()
        inspection.request()
        #expect(inspection.snapshot.isEmpty)
    }
}
