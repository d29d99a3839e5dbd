import ShoutCore
import Testing

/// Numbers as the screens and the logs write them: one formatter for both.
@Suite("Number text")
struct NumberTextTests {
    @Test(
        "bytes: exact below 10,000, then KB, MB and GB with one decimal",
        arguments: [
            (0, "0 B"), (12, "12 B"), (9_999, "9,999 B"), (10_000, "10.0 KB"), (10_929_563, "10.9 MB"),
            (999_949, "999.9 KB"), (999_950, "1.0 MB"), (1_234_567_890, "1.2 GB"), (5_000_000_000_000, "5000.0 GB"),
        ]
    )
    func bytes(value: Int, text: String) {
        #expect(NumberText.bytes(value) == text)
    }

    @Test("a payload's size is exact and grouped, in the log as on the screen")
    func size() {
        #expect(NumberText.size(7) == "7 B")
        #expect(NumberText.size(40_000) == "40,000 B")
        let line = ServerEventFormatter.line(
            ServerEvent(
                .received(
                    .udp,
                    peer: Endpoint(host: "127.0.0.1", port: 5000),
                    payload: Payload(
                        [UInt8](
                            repeating: 0x61,
                            count: 40_000
                        )
                    )
                )
            ),
            format: .text
        )
        #expect(line.contains(" 40,000 B "))
    }

    @Test("the server's stop line groups its counts as the screen's header does, and sizes large byte totals")
    func stopLine() {
        let totals = ServerCounters.Snapshot(
            received: 41_004,
            replied: 41_004,
            bytesIn: 10_929_563,
            bytesOut: 10_929_563,
            dropped: 1_200,
            connectionsAccepted: 3,
            connectionsOpen: 0,
            connectionsRefused: 0
        )
        #expect(
            totals.summary
                == "received 41,004 (10.9 MB), replied 41,004 (10.9 MB), dropped 1,200, TCP connections 3"
        )
    }
}
