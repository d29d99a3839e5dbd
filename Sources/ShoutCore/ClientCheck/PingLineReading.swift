/// What one line of a Pinger client's output says, read by heuristics that fit the many ways students word it
/// (`Request timed out`, `Sequence 4: RTT = 0.300s`, `Reply from 127.0.0.1: PING 4 … time=300.2 ms`,
/// `RTT: 4.6e-05`): a timeout, a reply with its RTT, the summary, or something else; and the ping's sequence number
/// when the line names it.
public struct PingLineReading: Sendable, Equatable {
    /// What kind of line it is.
    public enum Kind: Sendable, Equatable {
        case timeout
        case reply
        case summary
        case other
    }

    /// What kind of line it is.
    public var kind: Kind
    /// The sequence number it names, if any.
    public var seq: Int?
    /// The round-trip time it prints, if any.
    public var rtt: PrintedMeasure?
    /// For a summary line: its minimum, average and maximum RTT and its loss in percent, as far as printed.
    public var minimum: PrintedMeasure?
    /// For a summary line: its average RTT.
    public var average: PrintedMeasure?
    /// For a summary line: its maximum RTT.
    public var maximum: PrintedMeasure?
    /// For a summary line: its loss, in percent.
    public var lossPercent: Double?

    /// Reads one line.
    public static func read(_ text: String) -> PingLineReading {
        let tokens = PrintedTokens.split(text.lowercased())
        let words = Set(tokens.compactMap(\.word))
        var reading = PingLineReading(kind: .other)
        reading.seq = seq(in: tokens)
        let summaryWords: Set<String> = ["min", "minimum", "avg", "average", "max", "maximum", "mean", "loss", "rate"]
        if !words.isDisjoint(with: summaryWords) && (tokens.contains { $0.number != nil }) {
            reading.kind = .summary
            readSummary(tokens, into: &reading)
            return reading
        }
        let timedOut =
            (words.contains("timed") && words.contains("out")) || words.contains("timeout")
            || words.contains("lost") || (words.contains("time") && words.contains("out"))
            || (words.contains("no") && (words.contains("reply") || words.contains("response")))
        if timedOut {
            reading.kind = .timeout
            return reading
        }
        reading.rtt = rtt(in: tokens)
        if reading.rtt != nil || words.contains("reply") || (words.contains("ping") && reading.seq != nil) {
            reading.kind = .reply
        }
        return reading
    }

    /// The number after `ping`, `seq`, `sequence`, `icmp_seq` or `#`, when it is a small whole number.
    static func seq(in tokens: [PrintedTokens.Token]) -> Int? {
        let keys: Set<String> = ["ping", "seq", "sequence", "icmp_seq", "#", "no"]
        let fillers: Set<String> = ["=", ":", "#", "number", "num", "no", "."]
        for (index, token) in tokens.enumerated() where keys.contains(token.word ?? token.symbol ?? "") {
            var next = index + 1
            while next < tokens.count, fillers.contains(tokens[next].word ?? tokens[next].symbol ?? "") { next += 1 }
            if next < tokens.count, let number = tokens[next].number, number.isWhole, number.value < 10_000 {
                return Int(number.value)
            }
        }
        return nil
    }

    /// The RTT: the first time after `rtt`, `time`, `delay` or `took` (labelled or not), else the last labelled one.
    static func rtt(in tokens: [PrintedTokens.Token]) -> PrintedMeasure? {
        let measures = PrintedTokens.measures(tokens)
        let keys: Set<String> = ["rtt", "time", "delay", "took", "trip", "elapsed", "latency"]
        if let key = tokens.lastIndex(where: { keys.contains($0.word ?? "") }),
            let after = measures.first(where: { $0.index > key })
        {
            return after.measure
        }
        return measures.last { $0.measure.unit != .unlabelled }?.measure
    }

    /// A summary's figures: `min 0.1 avg 0.2 max 0.3 s`, `min/avg/max = 1/2/3 ms`, `loss 30%`, `30.0% packet loss`.
    static func readSummary(_ tokens: [PrintedTokens.Token], into reading: inout PingLineReading) {
        let measures = PrintedTokens.measures(tokens)
        let lineUnit = measures.first { $0.measure.unit != .unlabelled }?.measure.unit ?? .unlabelled
        func figure(after names: Set<String>) -> PrintedMeasure? {
            guard let key = tokens.firstIndex(where: { names.contains($0.word ?? "") }),
                let found = measures.first(where: { $0.index > key && !$0.isPercent })
            else { return nil }
            var measure = found.measure
            if measure.unit == .unlabelled { measure.unit = lineUnit }
            return measure
        }
        if let slash = tokens.firstIndex(where: { $0.word == "min" }), slash + 4 < tokens.count,
            tokens[slash + 1].symbol == "/", tokens[slash + 2].word == "avg"
        {
            let figures = measures.filter { $0.index > slash && !$0.isPercent }.prefix(3).map(\.measure)
            if figures.count == 3 {
                let unit = figures[2].unit == .unlabelled ? lineUnit : figures[2].unit
                (reading.minimum, reading.average, reading.maximum) = (
                    PrintedMeasure(value: figures[0].value, unit: unit),
                    PrintedMeasure(value: figures[1].value, unit: unit),
                    PrintedMeasure(value: figures[2].value, unit: unit)
                )
            }
        } else {
            reading.minimum = figure(after: ["min", "minimum"])
            reading.average = figure(after: ["avg", "average", "mean"])
            reading.maximum = figure(after: ["max", "maximum"])
        }
        reading.lossPercent = measures.first(where: \.isPercent)?.measure.value
    }
}
