import FoundationEssentials

/// The UDP Pinger lab's message, `Ping <sequence_number> <time>`: the sequence number from 1, and the time it was
/// sent as seconds since the epoch with microseconds (`Ping 3 1764660000.123456`), so a server on the same machine
/// can work out the one-way delay. `--size` pads it with ` xxx…` to that many bytes.
public enum PingMessage {
    /// The message for ping `seq` sent at `date`, padded to `size` bytes when it is shorter (never cut).
    public static func text(seq: Int, at date: Date, size: Int? = nil) -> [UInt8] {
        var text = Array("Ping \(seq) \(epochSeconds(date))".utf8)
        if let size, size > text.count {
            text.append(UInt8(ascii: " "))
            text += [UInt8](repeating: UInt8(ascii: "x"), count: max(0, size - text.count))
        }
        return text
    }

    /// Seconds since the epoch with six decimals, without Foundation's formatters (no locale).
    public static func epochSeconds(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return String(micros / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
