import NIOPosix
import ShoutCore
import ShoutSockets
import Testing

@testable import ShoutCheck

/// The order rule of `shout check`, with checks played by the test: after a failure or a check that may kill the
/// server, it is asked whether it still answers; when it does not, the rest are skipped with that reason.
@Suite struct TargetCheckerSequenceTests {
    private let checker = TargetChecker(
        target: "t",
        endpoint: Endpoint(host: "127.0.0.1", port: 9),
        timeout: .milliseconds(10),
        group: MultiThreadedEventLoopGroup.singleton
    )

    /// Runs the TCP checks; `failing` fail, and the server dies after `deadAfter`.
    private func run(failing: Set<CheckID>, deadAfter: CheckID?) async -> (results: [CheckResult], asked: [CheckID]) {
        var ran: [CheckID] = []
        var asked: [CheckID] = []
        let results = await checker.sequence(
            CheckID.checks(of: .tcp),
            run: { id in
                ran.append(id)
                return CheckResult(id, passed: !failing.contains(id), detail: id.rawValue)
            },
            alive: {
                asked.append(ran.last!)
                return deadAfter.map { !ran.contains($0) } ?? true
            }
        )
        return (results, asked)
    }

    @Test("a server that dies on tcp.split has tcp.bad-bytes skipped, not failed")
    func stops() async {
        let (results, asked) = await run(failing: [.tcpConcurrent, .tcpSplit], deadAfter: .tcpSplit)
        #expect(results.map(\.id) == CheckID.checks(of: .tcp))
        #expect(asked == [.tcpConcurrent, .tcpSplit])
        let last = results.last
        #expect(last?.skipped == true)
        #expect(last?.passed == nil)
        #expect(last?.detail == "skipped: the server stopped answering after tcp.split")
    }

    @Test("a server that passes is asked only after the checks that may kill it, and never after the last")
    func asksOnlyWhenNeeded() async {
        let (results, asked) = await run(failing: [], deadAfter: nil)
        #expect(asked == [.tcpSplit])
        #expect(results.allSatisfy { !$0.skipped })
    }

    @Test("a failure part-way is followed by the question; a server still answering goes on")
    func goesOn() async {
        let (results, asked) = await run(failing: [.tcpUnicode], deadAfter: nil)
        #expect(asked == [.tcpUnicode, .tcpSplit])
        #expect(results.filter { $0.passed == false }.map(\.id) == [.tcpUnicode])
    }
}
