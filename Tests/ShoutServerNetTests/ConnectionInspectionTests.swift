import Foundation
import ShoutCore
import Testing

@testable import ShoutServerNet

/// The kernel's view of the server's connections, read by the TCP loop on its own thread when asked.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionInspectionTests {
    @Test(
        "asked, the TCP loop publishes the TCP_INFO of the open connections asked about, by id; a closed one drops out"
    )
    func inspection() async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let inspection = try #require(server.connectionInspection)
        let port = server.port
        let seen = try await onOwnThread { () -> [[Int: TCPConnectionInfo]?] in
            let first = try BlockingSocket(udp: false, port: port)
            var second: BlockingSocket? = try BlockingSocket(udp: false, port: port)
            let third = try BlockingSocket(udp: false, port: port)
            for socket in [first, second!, third] {
                try socket.send(Array("hi\n".utf8))
                _ = try socket.receive()
            }
            // Not asked: nothing is read.
            let unasked = inspection.snapshot(after: 0)?.view
            // Asked about the first two (the pane shows those), and one that does not exist.
            inspection.request([1, 2, 99])
            waitOnThisThread { inspection.snapshot(after: 0) != nil }
            let asked = inspection.snapshot(after: 0)
            second = nil
            // The server closes the second connection once it reads its end; then the view leaves it out.
            var latest = asked
            waitOnThisThread {
                inspection.request([1, 2])
                usleep(10_000)
                latest = inspection.snapshot(after: 0)
                return latest?.view.count == 1
            }
            _ = (second, third)
            return [unasked, asked?.view, latest?.view, inspection.snapshot(after: latest?.generation ?? 0)?.view]
        }
        await server.stop()
        #expect(seen[0] == nil)
        #expect(Set(seen[1]?.keys ?? [:].keys) == [1, 2])
        #expect(seen[1]?.values.allSatisfy { $0.state == "ESTABLISHED" && $0.smoothedRTT > .zero } == true)
        #expect(Set(seen[2]?.keys ?? [:].keys) == [1])
        #expect(seen[3] == nil, "nothing new since the latest")
    }

    @Test("a request after the server stopped does nothing")
    func afterStop() async throws {
        let server = try await ShoutServer.start(ServerConfiguration(host: "127.0.0.1", port: 0))
        let inspection = try #require(server.connectionInspection)
        await server.stop()
        inspection.request([1])
        #expect(inspection.snapshot(after: 0) == nil)
    }
}
