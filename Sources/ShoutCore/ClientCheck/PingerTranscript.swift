/// A Pinger client's output tied to its pings: each line read (``PingLineReading``) and given to the ping it is
/// about, by when it was printed (after that ping went out and before the next), else by the sequence number it
/// names; when the output came in one piece at the end, by order, else by the sequence number.
public struct PingerTranscript: Sendable {
    /// A line and what it says.
    public struct Line: Sendable, Equatable {
        public var line: PrintedLine
        public var reading: PingLineReading
    }

    /// The lines about each ping, by the ping's index.
    public var byPing: [Int: [Line]] = [:]
    /// Timeout and reply lines that could not be tied to a ping.
    public var untied: [Line] = []
    /// The summary lines.
    public var summaries: [Line] = []

    /// Reads a run's output against its pings.
    public init(_ run: ClientRunRecord) {
        let pings = run.datagrams
        let seqs = pings.map { HeartbeatPayload.parse($0.bytes)?.seq }
        let lines = PrintedLine.lines(run.output).map { Line(line: $0, reading: PingLineReading.read($0.text)) }
        summaries = lines.filter { $0.reading.kind == .summary }
        let pingLines = lines.filter { $0.reading.kind == .timeout || $0.reading.kind == .reply }
        // Output that came in one piece after the last ping (a program whose output is buffered) says nothing by
        // its time: tie it by order when there is a line for every ping.
        let lump = pings.last.map { last in pingLines.allSatisfy { $0.line.at >= last.at } } ?? false
        if lump && pingLines.count > 1 {
            if pingLines.count == pings.count {
                for (index, line) in pingLines.enumerated() { byPing[index, default: []].append(line) }
            } else {
                for line in pingLines {
                    if let seq = line.reading.seq, let index = seqs.firstIndex(of: seq) {
                        byPing[index, default: []].append(line)
                    } else {
                        untied.append(line)
                    }
                }
            }
            return
        }
        // When it was printed says which ping's wait the client was in, which is the ping it meant (a client that
        // takes a late reply for the next ping's prints that reply's number in the next ping's wait).
        var byTime: [Int: [Line]] = [:]
        var untimed: [Line] = []
        for line in pingLines {
            if let index = pings.lastIndex(where: { $0.at < line.line.at }) {
                byTime[index, default: []].append(line)
            } else {
                untimed.append(line)
            }
        }
        byPing = byTime
        // A line read in the same wake-up as the first ping is stamped before it (the output is read first): it is
        // about the ping it names, else the first.
        for line in untimed {
            if let seq = line.reading.seq, let index = seqs.firstIndex(of: seq) {
                byPing[index, default: []].append(line)
            } else if !pings.isEmpty {
                byPing[0, default: []].append(line)
            } else {
                untied.append(line)
            }
        }
        // Pings sent in a burst (no wait at all) leave their lines to one ping of the burst: by order then.
        let crowded = byPing.values.contains { $0.count > 1 } && byPing.count < pings.count
        if crowded && pingLines.count == pings.count {
            byPing = [:]
            untied = []
            for (index, line) in pingLines.enumerated() { byPing[index, default: []].append(line) }
        }
    }

    /// Whether the client reported ping `index` as timed out.
    public func reportedTimeout(_ index: Int) -> Bool {
        byPing[index]?.contains { $0.reading.kind == .timeout } ?? false
    }

    /// The RTT the client printed for ping `index`, with its line.
    public func rtt(_ index: Int) -> (measure: PrintedMeasure, line: PrintedLine)? {
        for line in byPing[index] ?? [] where line.reading.kind == .reply {
            if let rtt = line.reading.rtt { return (rtt, line.line) }
        }
        return nil
    }

    /// The sentence's words for lines that could not be tied to a ping: `; could not tell which ping line 6 is
    /// about`, or nothing.
    public var untiedNote: String {
        guard !untied.isEmpty else { return "" }
        let numbers = untied.prefix(3).map { String($0.line.number) }.joined(separator: ", ")
        return "; could not tell which ping line\(untied.count == 1 ? "" : "s") \(numbers) "
            + (untied.count == 1 ? "is" : "are") + " about"
    }
}
