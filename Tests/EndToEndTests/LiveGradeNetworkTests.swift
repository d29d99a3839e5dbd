import Foundation
import Testing

/// `shout server --grade` on a real network (namespaces, nftables): what the network loses is not the client's fault.
@Suite("Live grading on a real network", .serialized, .enabled(if: NetworkLab.isAvailable, "\(NetworkLab.needs)"))
struct LiveGradeNetworkTests {
    @Test("a ping lost on the way and a reply lost on the way back: the good Pinger still passes, the loss named")
    func lossIsNotTheClients() async throws {
        try await NetworkLab.with(hosts: 2) { lab in
            let (serverHost, clientHost) = (lab.hosts[0], lab.hosts[1])
            // Ping 5 never reaches the server; the reply to ping 7 never reaches the client.
            try await lab.loseIncomingUDP(on: serverHost, port: 12000, fromPort: false, startingWith: "Ping 5 ")
            try await lab.loseIncomingUDP(on: clientHost, port: 12000, fromPort: true, startingWith: "PING 7 ")
            let arguments = [
                "/usr/bin/env", "LAB_SERVER=\(serverHost.address)", "python3", TestPaths.peer("lab_clients.py"),
                "pinger", "12000", "good",
            ]
            let ((client, graded), _) = try await lab.shoutServer(on: serverHost, ["--grade", "--log-format", "json"]) {
                server in
                let client = try await lab.run(on: clientHost, arguments)
                let graded = try await server.line(within: .seconds(10)) { $0.contains("\"event\":\"graded\"") }
                return (client, graded)
            }
            // The client saw three timeouts: the dropped ping 3, the lost ping 5, the lost reply to ping 7.
            #expect(client.lines.filter { $0 == "Request timed out" }.count == 3, "\(client.text)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(graded.utf8)) as? [String: Any]
            )
            #expect(object["grade"] as? String == "pass", "\(graded)")
            let detail = try #require(object["grade_detail"] as? String)
            #expect(detail.contains("(1 lost on the way)"), "\(detail)")
            #expect(detail.contains("ping 3 was dropped on purpose"), "\(detail)")
        }
    }
}
