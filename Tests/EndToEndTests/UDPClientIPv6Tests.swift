import Foundation
import Testing

/// The client's own UDP socket over IPv6 (`IPV6_RECVERR`, its error queue), through the binary on ::1.
@Suite(.timeLimit(.minutes(1)))
struct UDPClientIPv6Tests {
    @Test("over IPv6 a line is answered, and a closed port's unreachable is said once a line")
    func replyAndUnreachable() async throws {
        let (answered, _) = try await ShoutServerProcess.with(["--host", "::1"]) { port, _ in
            try await ProcessRunner.shout(["client", "[::1]:\(port)", "--plain"], input: "straße\n")
        }
        #expect(answered.text == "STRASSE\n", "\(answered.error)")
        #expect(answered.status == 0)
        // Port 9 (discard) on ::1: nothing listens there in the test machine's loopback.
        let refused = try await ProcessRunner.shout(["client", "[::1]:9", "--plain"], input: "a\nb\n")
        #expect(
            refused.error == """
                lost: line 1 "a": port unreachable: nothing listens on that UDP port (the OS reported it at once)
                lost: line 2 "b": port unreachable: nothing listens on that UDP port (the OS reported it at once)

                """,
            "\(refused.error)"
        )
        #expect(refused.status == 1)
    }
}
