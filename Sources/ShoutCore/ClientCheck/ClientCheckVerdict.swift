/// A client's results from its runs, by its lab, and the sentence for a client that sent nothing.
public enum ClientCheckVerdict {
    /// The results of `lab`'s checks from its runs.
    public static func results(_ lab: ClientLab, runs: [ClientRunRecord], unit: Duration) -> [ClientCheckResult] {
        switch lab {
        case .udp, .tcp:
            return EchoClientVerdict.results(lab, runs: runs, unit: unit)
        case .pinger:
            guard let run = runs.first(where: { $0.scenario == .pings }) else {
                return ClientCheckID.checks(of: .pinger).map { .skipped($0, because: "the run did not happen") }
            }
            return PingerVerdict.results(run, unit: unit)
        case .heartbeat:
            guard let run = runs.first(where: { $0.scenario == .heartbeats }) else {
                return ClientCheckID.checks(of: .heartbeat).map { .skipped($0, because: "the run did not happen") }
            }
            return HeartbeatClientVerdict.results(run)
        }
    }

    /// The sentence for a client the grader saw nothing from: where it listened, how long, a guess at why, and what
    /// the client printed and how it ended.
    public static func silent(port: Int, run: ClientRunRecord) -> String {
        let how: String
        switch run.ending {
        case .exited(let status, _): how = "it exited with status \(status) and "
        case .signalled(let signal, _): how = "it was killed by signal \(signal) and "
        case .ended: how = "it was still running, so the grader ended it; it "
        }
        let output = String(decoding: run.printed, as: UTF8.self)
        let why =
            output.contains("gaierror")
            ? "its server name does not resolve (socket.gaierror): the book's 'hostname' stands for the server's "
                + "name, here 'localhost'"
            : "does it use serverName 'hostname', or another port? (write {port} in the command for a client that "
                + "takes it)"
        return "sent nothing to port \(port) (UDP or TCP, 127.0.0.1 or ::1) within "
            + NumberText.duration(run.ending.at) + ": " + how + PrintedLine.summary(run.output) + "; " + why
    }
}
