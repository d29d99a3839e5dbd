/// What a run of pings came to, as ping(8) sums it up: sent, received in time, lost, and the round-trip times'
/// minimum, average, maximum and mean deviation (`mdev`, computed as ping(8) does: the square root of the mean of
/// the squares less the square of the mean).
///
/// As in ping(8), a late reply is not counted as received; it is counted as late (and its ping as lost).
public struct PingStatistics: Sendable, Equatable {
    /// Pings sent.
    public var sent = 0
    /// Replies that came within their timeout.
    public var received = 0
    /// Replies that came after their ping had timed out.
    public var late = 0
    /// Second copies of a reply.
    public var duplicates = 0
    /// The round-trip times of the replies received, in milliseconds, in the order they came.
    public var rtts: [Double] = []

    public init() {}

    /// Pings without a reply in time.
    public var lost: Int { sent - received }

    /// The share of pings lost, in percent (0 when none was sent).
    public var lostPercent: Double { sent == 0 ? 0 : Double(lost) * 100 / Double(sent) }

    /// The shortest round trip, in milliseconds.
    public var minimum: Double? { rtts.min() }
    /// The longest round trip, in milliseconds.
    public var maximum: Double? { rtts.max() }
    /// The mean round trip, in milliseconds.
    public var average: Double? { rtts.isEmpty ? nil : rtts.reduce(0, +) / Double(rtts.count) }

    /// The mean deviation as ping(8) prints it: `sqrt(mean(rtt²) − mean(rtt)²)`.
    public var meanDeviation: Double? {
        guard let average else { return nil }
        let squares = rtts.reduce(0) { $0 + $1 * $1 } / Double(rtts.count)
        return max(0, squares - average * average).squareRoot()
    }

    /// Counts one reply that came in time, `rtt` milliseconds after its ping.
    public mutating func addReply(rtt milliseconds: Double) {
        received += 1
        rtts.append(milliseconds)
    }

    /// The summary as ping(8) words it, after `--- TARGET ping statistics ---`: one line of counts, and the
    /// round-trip line when a reply came.
    public func lines(target: String) -> [String] {
        var counts = "\(sent) sent, \(received) received, \(Self.percent(lostPercent)) lost"
        if late > 0 { counts += ", \(late) late" }
        if duplicates > 0 { counts += ", +\(duplicates) duplicate\(duplicates == 1 ? "" : "s")" }
        var lines = ["--- \(target) ping statistics ---", counts]
        if let minimum, let average, let maximum, let meanDeviation {
            let figures = [minimum, average, maximum, meanDeviation].map(Self.milliseconds).joined(separator: "/")
            lines.append("rtt min/avg/max/mdev = \(figures) ms")
        }
        return lines
    }

    /// The summary on one line, for a transcript: `10 sent, 7 received, 30% lost · rtt min/avg/max/mdev = … ms`.
    public func oneLine(target: String) -> String {
        let all = lines(target: target)
        return "ping \(target): " + all.dropFirst().joined(separator: " · ")
    }

    /// The summary as one JSON object, `null` where there is no figure.
    public var json: String {
        var json = JSONLine()
        json.add("sent", sent)
        json.add("received", received)
        json.add("lost_percent", lostPercent)
        json.add("late", late)
        json.add("duplicates", duplicates)
        json.add("rtt_min_ms", minimum)
        json.add("rtt_avg_ms", average)
        json.add("rtt_max_ms", maximum)
        json.add("rtt_mdev_ms", meanDeviation)
        return json.text
    }

    /// `0.412`: milliseconds with three decimals, as ping(8) prints them.
    public static func milliseconds(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(abs(thousandths) % 1000)
        return (thousandths < 0 ? "-" : "") + String(abs(thousandths) / 1000) + "."
            + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// `30%`, `33.3%`: a percentage with at most one decimal.
    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return String(tenths / 10) + (tenths % 10 == 0 ? "" : "." + String(tenths % 10)) + "%"
    }
}
