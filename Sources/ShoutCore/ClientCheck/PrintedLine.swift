/// One line a client printed, with when it was read and its number (from 1), for the sentences that quote it.
public struct PrintedLine: Sendable, Equatable {
    /// Its number in the run's output, from 1.
    public var number: Int
    /// Its bytes, without the line end.
    public var bytes: [UInt8]
    /// When its end was read.
    public var at: Duration

    public init(number: Int, bytes: [UInt8], at: Duration) {
        self.number = number
        self.bytes = bytes
        self.at = at
    }

    /// Its text (bytes that are not UTF-8 as `�`).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Quoted for a sentence, escaped and shortened: a client's output never reaches the terminal raw.
    public var quoted: String { CheckVerdict.quote(bytes, limit: 72) }

    /// The lines of a run's output (a `\r` before a line end dropped, blank lines left out); each is stamped with
    /// the time of the piece that ended it.
    public static func lines(_ output: [ClientRunRecord.Output]) -> [PrintedLine] {
        var lines: [PrintedLine] = []
        var current: [UInt8] = []
        var count = 0
        func finish(at: Duration) {
            count += 1
            if current.last == 0x0D { current.removeLast() }
            if current.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                lines.append(PrintedLine(number: count, bytes: current, at: at))
            }
            current = []
        }
        for piece in output {
            for byte in piece.bytes {
                if byte == 0x0A { finish(at: piece.at) } else { current.append(byte) }
            }
        }
        if !current.isEmpty, let last = output.last { finish(at: last.at) }
        return lines
    }

    /// The last few lines of an output, quoted, for a sentence that says what a client printed: `printed
    /// "Traceback …" … "socket.timeout: timed out"` or `printed nothing`.
    public static func summary(_ output: [ClientRunRecord.Output], last: Int = 2) -> String {
        let all = lines(output)
        guard !all.isEmpty else { return "printed nothing" }
        let shown = all.suffix(last).map(\.quoted).joined(separator: ", ")
        return all.count > last ? "printed \(all.count) lines, the last \(shown)" : "printed " + shown
    }
}
