import ShoutCore

/// The outcome of one benchmark run.
public struct BenchReport: Sendable {
    /// What was run.
    public var configuration: BenchConfiguration
    /// How long the load really ran, in seconds.
    public var elapsedSeconds: Double
    /// Everything counted, added up over all sockets.
    public var tally: BenchTally
    /// Hold: connections made, and how many answered at the start and at the end.
    public var held: (connected: Int, answeredAtStart: Int, answeredAtEnd: Int)?

    /// Whether requests went out and not one correct reply came back: most likely no server is listening there.
    public var nothingAnswered: Bool { tally.sent > 0 && tally.replies == 0 }

    /// Correct replies per second.
    public var requestsPerSecond: Double { elapsedSeconds > 0 ? Double(tally.replies) / elapsedSeconds : 0 }

    /// A latency percentile in microseconds (0 when nothing was answered).
    public func percentile(_ value: Double) -> UInt64 {
        tally.latencies.totalCount == 0 ? 0 : tally.latencies.valueAtPercentile(value)
    }

    /// One JSON object for scripts; field names are stable.
    public var json: String {
        var line = JSONLine()
        line.add("mode", configuration.mode.rawValue)
        line.add("server", configuration.server.description)
        line.add("clients", configuration.clients)
        line.add("window", configuration.window)
        line.add("size", configuration.size)
        line.add("duration_s", elapsedSeconds)
        line.add("sent", tally.sent)
        line.add("replies", tally.replies)
        line.add("lost", tally.lost)
        line.add("late", tally.late)
        line.add("bad", tally.bad)
        line.add("failed_connections", tally.failedConnections)
        line.add("rps", requestsPerSecond.rounded())
        line.add("p50_us", Int(percentile(50)))
        line.add("p90_us", Int(percentile(90)))
        line.add("p99_us", Int(percentile(99)))
        line.add("p999_us", Int(percentile(99.9)))
        line.add("max_us", Int(tally.latencies.totalCount == 0 ? 0 : tally.latencies.max))
        if let held {
            line.add("connected", held.connected)
            line.add("answered_start", held.answeredAtStart)
            line.add("answered_end", held.answeredAtEnd)
        }
        return line.text
    }

    /// A table for people.
    public var table: String {
        let config = configuration
        var rows: [(String, String)] = [
            ("server", config.server.description),
            ("load", "\(config.mode.rawValue), \(loadShape), \(config.size) B"),
            ("ran", String(format1: elapsedSeconds) + " s"),
            ("sent", NumberText.grouped(tally.sent)),
            (
                "replies",
                NumberText.grouped(tally.replies) + "  (" + NumberText.grouped(Int(requestsPerSecond.rounded())) + "/s)"
            ),
            (
                "lost",
                NumberText.grouped(tally.lost)
                    + (tally.sent > 0 ? "  (" + percent(tally.lost, of: tally.sent) + ")" : "")
            ),
            ("late", NumberText.grouped(tally.late)),
            ("wrong", NumberText.grouped(tally.bad)),
        ]
        if tally.failedConnections > 0 {
            rows.append(("failed connections", NumberText.grouped(tally.failedConnections)))
        }
        if let held {
            rows.append(
                (
                    "held",
                    "\(NumberText.grouped(held.connected)) connected, \(NumberText.grouped(held.answeredAtStart)) answered "
                        + "at the start, \(NumberText.grouped(held.answeredAtEnd)) at the end"
                )
            )
        }
        if tally.latencies.totalCount == 0 {
            rows.append(("latency", "none: no reply came back"))
        } else {
            rows.append(
                (
                    "latency",
                    "p50 \(micro(percentile(50)))  p90 \(micro(percentile(90)))  "
                        + "p99 \(micro(percentile(99)))  p99.9 \(micro(percentile(99.9)))  max \(micro(tally.latencies.max))"
                )
            )
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    /// How the load kept requests going: the window counts only where requests are pipelined.
    private var loadShape: String {
        let clients = NumberText.grouped(configuration.clients)
        switch configuration.mode {
        case .udp, .tcp: return "\(clients) clients × \(configuration.window) in flight"
        case .tcpOneshot: return "\(clients) clients, one line per connection"
        case .hold: return "\(clients) connections held"
        }
    }

    private func micro(_ value: UInt64) -> String {
        value < 1000 ? "\(value) µs" : String(format1: Double(value) / 1000) + " ms"
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        String(format1: Double(part) * 100 / Double(whole)) + " %"
    }
}
