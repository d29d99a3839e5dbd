import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats event times for people (local `14:02:11`) and for scripts (UTC ISO 8601 with milliseconds).
public enum Timestamp {
    /// Local wall-clock time, `HH:MM:SS`.
    public static func clock(_ date: Date) -> String {
        let parts = brokenDown(date, local: true)
        return pad2(parts.hour) + ":" + pad2(parts.minute) + ":" + pad2(parts.second)
    }

    /// Local wall-clock time with milliseconds, `HH:MM:SS.mmm`.
    public static func clockMilliseconds(_ date: Date) -> String {
        clock(date) + "." + pad3(milliseconds(date))
    }

    /// UTC time for JSON, `2026-11-25T14:02:11.123Z`.
    public static func iso8601(_ date: Date) -> String {
        let parts = brokenDown(date, local: false)
        return String(parts.year) + "-" + pad2(parts.month) + "-" + pad2(parts.day) + "T" + pad2(parts.hour) + ":"
            + pad2(parts.minute) + ":" + pad2(parts.second) + "." + pad3(milliseconds(date)) + "Z"
    }

    /// A duration as `HH:MM:SS`.
    public static func duration(seconds: Int) -> String {
        let seconds = max(0, seconds)
        return pad2(seconds / 3600) + ":" + pad2(seconds / 60 % 60) + ":" + pad2(seconds % 60)
    }

    private static func milliseconds(_ date: Date) -> Int {
        let interval = date.timeIntervalSince1970
        return Int((interval - interval.rounded(.down)) * 1000) % 1000
    }

    private static func brokenDown(
        _ date: Date,
        local: Bool
    ) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        if local { localtime_r(&seconds, &parts) } else { gmtime_r(&seconds, &parts) }
        return (
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
            Int(parts.tm_min), Int(parts.tm_sec)
        )
    }

    private static func pad2(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
    private static func pad3(_ value: Int) -> String {
        value < 10 ? "00" + String(value) : value < 100 ? "0" + String(value) : String(value)
    }
}
