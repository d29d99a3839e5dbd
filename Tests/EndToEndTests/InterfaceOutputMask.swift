import Foundation

/// What differs from run to run in Shout's outputs, replaced by fixed words before they are compared with the
/// recorded ones (Tests/EndToEndTests/Golden/README.md says the same for people). Each rule matches only the exact
/// shape Shout prints (digits where digits are, the separators, the units), so a change of format is not masked:
/// a stamp with one decimal less, or a figure without its grouping, no longer matches and shows as a difference.
enum InterfaceOutputMask {
    /// One rule: a pattern (ICU syntax) and its replacement (`$1` is the first group).
    struct Rule {
        let pattern: String
        let replacement: String
    }

    /// The rules, applied in this order to every output.
    static let rules: [Rule] = [
        // UTC time with milliseconds (JSON "time", transcripts).
        Rule(pattern: #"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#, replacement: "YYYY-MM-DDThh:mm:ss.sssZ"),
        // Local time of day with milliseconds, at the start of a text log line.
        Rule(pattern: #"(?m)^\d{2}:\d{2}:\d{2}\.\d{3} "#, replacement: "hh:mm:ss.sss "),
        // The lab ping's send time, seconds since the epoch with microseconds.
        Rule(pattern: #"\b\d{10}\.\d{6}\b"#, replacement: "EPOCH.MICROS"),
        // Other ports (the clients' own) after a loopback or wildcard address; the server's is masked before.
        Rule(pattern: #"(127\.0\.0\.1|\[::1\]|\[::\]|0\.0\.0\.0):\d{1,5}\b"#, replacement: "$1:PORT"),
        // Milliseconds in JSON ("rtt_ms", "setup_ms", "one_way_ms", "interval_ms", "silent_ms", …): any number.
        Rule(pattern: #""([a-z_]+_ms)":-?\d+(\.\d+)?(e[-+]?\d+)?"#, replacement: "\"$1\":MS"),
        // ping(8)'s milliseconds with three decimals (time=, rtt min/avg/max/mdev, one-way, intervals of).
        Rule(pattern: #"(?<![\d.])\d+\.\d{3}(?![\d.])"#, replacement: "N.NNN"),
        // A duration as the check report words it (`0.4 ms`, `12 ms`, `1.4 s`).
        Rule(pattern: #"round trip (\d\.\d ms|\d{2,3} ms|\d+\.\d s)\b"#, replacement: "round trip DURATION"),
        // How long ago a stopped peer's last ping came, with one decimal.
        Rule(pattern: #"\b\d+\.\d s ago\b"#, replacement: "D.D s ago"),
        // How long a client took, as `check --client` words it (`15 ms after the reply`, `within 1.5 s:`).
        Rule(
            pattern: #"\b(\d\.\d ms|\d{1,3} ms|\d+\.\d s) (after the reply|later|before it exited|after it started)\b"#,
            replacement: "DURATION $2"
        ),
        Rule(pattern: #"\bwithin (\d\.\d ms|\d{1,3} ms|\d+\.\d s):"#, replacement: "within DURATION:"),
        // The port `check --client` listened on, picked by the system (`--port 0`).
        Rule(pattern: #"\bsent nothing to port \d{1,5}\b"#, replacement: "sent nothing to port GRADER_PORT"),
    ]

    /// `text` with the server's `port` (when given) and then every rule masked.
    static func apply(_ text: String, port: Int?) -> String {
        var masked = text
        if let port { masked = replace(#"(?<!\d)\#(port)(?!\d)"#, in: masked, with: "SERVER_PORT") }
        for rule in rules { masked = replace(rule.pattern, in: masked, with: rule.replacement) }
        return masked
    }

    /// Every figure of a load test (counts, rates, latencies and their unit), for outputs whose layout alone can be
    /// compared: the server's address becomes `ADDRESS`; then a number (a run of digits, `,` and `.` that starts
    /// with a digit and does not follow a letter, as `p99.9` does) becomes `N`, and a latency's unit `UNIT`. The
    /// first line, the exit status, stays.
    static func figures(_ text: String, port: Int) -> String {
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard lines.count == 2 else { return text }
        let rest = String(lines[1]).replacingOccurrences(of: "127.0.0.1:\(port)", with: "ADDRESS")
        let characters = Array(rest)
        var masked = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let previous = index > 0 ? characters[index - 1] : " "
            guard character.isASCII, character.isNumber, !previous.isLetter, !previous.isNumber, previous != "." else {
                masked.append(character)
                index += 1
                continue
            }
            // The number goes on through digits, and through `,` or `.` followed by a digit.
            index += 1
            while index < characters.count {
                let next = characters[index]
                let separatorOfDigits =
                    (next == "," || next == ".") && index + 1 < characters.count && characters[index + 1].isNumber
                guard next.isNumber || separatorOfDigits else { break }
                index += 1
            }
            masked += "N"
        }
        masked = replace(#"\bN (µs|ms)\b"#, in: masked, with: "N UNIT")
        return String(lines[0]) + "\n" + masked
    }

    private static func replace(_ pattern: String, in text: String, with template: String) -> String {
        // The patterns are fixed text above: one that does not compile is a defect of this file.
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.stringByReplacingMatches(
            in: text,
            range: NSRange(text.startIndex..., in: text),
            withTemplate: template
        )
    }
}
