/// `shout check`'s output: a block of lines per target, a summary table when there are several, or one JSON object
/// per target. Pure text; the command decides on colour (a terminal, NO_COLOR unset) and prints it.
public enum CheckReportText {
    /// The glyph of a result: ✓ passed, ✗ failed, · information (an info check, or one skipped).
    public static func glyph(_ passed: Bool?) -> String {
        switch passed {
        case true?: "✓"
        case false?: "✗"
        case nil: "·"
        }
    }

    /// One line of a block before it is fitted to a width: what comes before the sentence (an indent, the glyph,
    /// the check's id padded to a column) and the sentence. A terminal wraps the sentence under itself.
    public struct Row: Sendable, Equatable {
        /// Spaces before the glyph.
        public var indent: String
        /// The glyph, for a check's line (✓ ✗ ·).
        public var glyph: String?
        /// The check's id (or transport), padded to the sentences' column, with the two spaces after it.
        public var label: String
        /// The sentence.
        public var text: String

        public init(indent: String = "", glyph: String? = nil, label: String = "", text: String) {
            self.indent = indent
            self.glyph = glyph
            self.label = label
            self.text = text
        }

        /// Everything before the sentence, the glyph coloured if asked.
        public func lead(colour: Bool = false) -> String {
            indent + (glyph.map { CheckReportText.paint($0, colour) + " " } ?? "") + label
        }

        /// The whole line.
        public func line(colour: Bool = false) -> String { lead(colour: colour) + text }
    }

    /// One target's block: its name and address, a line per check (or one line for a transport that could not be
    /// reached), and a last line with the verdict.
    public static func block(_ report: CheckTargetReport, colour: Bool = false) -> String {
        rows(report).map { $0.line(colour: colour) }.joined(separator: "\n")
    }

    /// The block's lines, each as a ``Row``.
    public static func rows(_ report: CheckTargetReport) -> [Row] {
        var rows: [Row] = []
        let address = report.address.map { $0 == report.target ? "" : " (\($0))" } ?? ""
        rows.append(Row(text: report.target + address))
        let width = CheckID.allCases.map(\.rawValue.count).max() ?? 0
        for part in report.parts {
            if let sentence = part.unreachable {
                rows.append(
                    Row(indent: "  ", glyph: "✗", label: pad(part.transport.rawValue, width) + "  ", text: sentence)
                )
                continue
            }
            for result in part.results {
                rows.append(resultRow(result.id.rawValue, passed: result.passed, detail: result.detail, width: width))
            }
        }
        rows.append(Row(indent: "  ", text: verdict(report)))
        return rows
    }

    /// The last line of a block: `passed: every required check passed` or what kept the target from passing.
    public static func verdict(_ report: CheckTargetReport) -> String {
        let extras = extrasFailed(
            report.results.filter { $0.id.level == .extra && $0.passed == false }.map(\.id.rawValue)
        )
        if report.passed { return "passed: every required check passed" + extras }
        let unreachable = report.parts.filter { $0.unreachable != nil && !$0.acceptsButNeverAnswers }.map(
            \.transport.rawValue
        )
        let silent = report.parts.filter(\.acceptsButNeverAnswers).map(\.transport.rawValue)
        let failed = report.results.filter { $0.failsTarget && !$0.skipped }.map(\.id.rawValue)
        var reasons: [String] = []
        if !unreachable.isEmpty { reasons.append("not reachable over " + unreachable.joined(separator: " and ")) }
        if !silent.isEmpty {
            reasons.append("accepts connections over " + silent.joined(separator: " and ") + " but never answers")
        }
        if !failed.isEmpty { reasons.append("required checks failed: " + failed.joined(separator: ", ")) }
        let skipped = report.parts.filter { $0.unreachable == nil }.flatMap(\.results).filter {
            $0.failsTarget && $0.skipped
        }.count
        if skipped > 0 {
            reasons.append(skipped == 1 ? "1 required check skipped" : "\(skipped) required checks skipped")
        }
        return "FAILED: " + reasons.joined(separator: "; ") + extras
    }

    /// The table that follows the blocks when several targets were checked: a row per target, a column per check
    /// (✓ ✗, `-` for skipped, the figure of an info check), grouped by transport.
    public static func summary(_ reports: [CheckTargetReport], colour: Bool = false) -> String {
        let transports = Transport.allCases.filter { transport in
            reports.contains { $0.parts.contains { $0.transport == transport } }
        }
        let columns = transports.flatMap { CheckID.checks(of: $0) }
        let targetWidth = max(6, reports.map(\.target.count).max() ?? 0)
        var groups = pad("", targetWidth)
        var header = pad("target", targetWidth)
        for transport in transports {
            let checks = CheckID.checks(of: transport)
            let span = checks.map { $0.shortName.count + 2 }.reduce(0, +)
            groups += "  " + pad(transport.rawValue, span - 2)
            header += checks.map { "  " + $0.shortName }.joined()
        }
        var lines = [groups.trimmingTrailingSpaces(), header, String(repeating: "─", count: header.count)]
        for report in reports {
            var row = pad(report.target, targetWidth)
            for id in columns {
                let (cell, glyphCell) = summaryCell(report.result(id))
                row +=
                    "  " + (glyphCell ? paint(cell, colour) : cell)
                    + String(repeating: " ", count: max(0, id.shortName.count - cell.count))
            }
            row += "  " + (report.passed ? "passed" : "FAILED")
            lines.append(row)
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object on one line, with the stable names of the interface: `target`, `address`, `passed`, and
    /// `checks`, each `{"id", "level", "passed", "detail"}` plus an info check's figures.
    public static func json(_ report: CheckTargetReport) -> String {
        var line = JSONLine()
        line.add("target", report.target)
        if let address = report.address { line.add("address", address) } else { line.addNull("address") }
        line.add("passed", report.passed)
        let checks = report.results.map { result in
            CheckJSON.object(
                id: result.id.rawValue,
                level: result.id.level.rawValue,
                passed: result.passed,
                detail: result.detail,
                figures: result.figures
            )
        }
        line.addRaw("checks", "[" + checks.joined(separator: ",") + "]")
        return line.text
    }

    /// A summary cell and whether it is a glyph (which colour may paint).
    private static func summaryCell(_ result: CheckResult?) -> (String, Bool) {
        guard let result else { return ("", false) }
        if result.skipped { return ("-", false) }
        if result.id.level == .info {
            switch result.figures.first?.value {
            case .number(let value)?: return (String(Int(value.rounded())) + "%", false)
            case .flag(let value)?: return (value ? "closes" : "open", false)
            default: return ("·", true)
            }
        }
        return (glyph(result.passed), true)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// A check's row in a block, for both graders: its glyph, its id padded to `width`, its sentence.
    static func resultRow(_ id: String, passed: Bool?, detail: String, width: Int) -> Row {
        Row(indent: "  ", glyph: glyph(passed), label: pad(id, width) + "  ", text: detail)
    }

    /// `; extras failed: a, b` after a verdict, or nothing.
    static func extrasFailed(_ ids: [String]) -> String {
        ids.isEmpty ? "" : "; extras failed: " + ids.joined(separator: ", ")
    }

    fileprivate static func paint(_ glyph: String, _ colour: Bool) -> String {
        guard colour else { return glyph }
        let code =
            switch glyph {
            case "✓": "32"
            case "✗": "31"
            default: "2"
            }
        return "\u{1b}[" + code + "m" + glyph + "\u{1b}[0m"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
