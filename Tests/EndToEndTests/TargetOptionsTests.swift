import Foundation
import Testing

/// Every command that talks to a server takes its target the same way, with the same checks and sentences.
@Suite("Target options")
struct TargetOptionsTests {
    @Test("client and bench refuse the same bad port and host with the same sentence", arguments: ["client", "bench"])
    func sameRules(command: String) async throws {
        let port = try await ProcessRunner.shout([command, "127.0.0.1", "--port", "0"])
        #expect(port.status == 64)
        #expect(port.error.hasPrefix("Error: --port must be from 1 to 65535."), "\(port.error)")
        let host = try await ProcessRunner.shout([command, "no such host!"])
        #expect(host.status == 64)
        #expect(host.error.hasPrefix("Error: 'no such host!' is not a host name or address."), "\(host.error)")
    }

    @Test("the host may name its port, for client and bench alike")
    func hostWithPort() async throws {
        // The number is held on TCP; on UDP nothing listens, so the OS answers at once.
        try await HeldPort.with(.refusingTCP) { port in
            let bench = try await ProcessRunner.shout(["bench", "127.0.0.1:\(port)", "--udp", "--duration", "5"])
            #expect(bench.error.contains("nothing listens on 127.0.0.1:\(port) over UDP"), "\(bench.error)")
            let client = try await ProcessRunner.shout(["client", "127.0.0.1:\(port)", "--plain"], input: "x\n")
            #expect(client.error.contains("lost: line 1 \"x\": port unreachable"), "\(client.error)")
        }
    }
}
