/// `shout check --client`'s output, as `shout check`'s for servers: a block of rows per client (``CheckReportText/Row``,
/// so a terminal wraps them alike), a summary table when there are several, or one JSON object per client. What a
/// client printed is always quoted escaped.
public enum ClientCheckReportText {
    /// The output a run's JSON quotes at most, in bytes.
    public static let printedLimit = 4096
    /// The datagrams or reads a run's JSON lists at most.
    public static let sentLimit = 64

    /// One client's block.
    public static func block(_ report: ClientCheckReport, colour: Bool = false) -> String {
        rows(report).map { $0.line(colour: colour) }.joined(separator: "\n")
    }

    /// The block's lines: the command and its lab, a line per check (or the one saying it sent nothing), the verdict.
    public static func rows(_ report: ClientCheckReport) -> [CheckReportText.Row] {
        typealias Row = CheckReportText.Row
        let lab = report.lab.map { " (" + $0.title + ($0 == report.lab && report.labNamed ? ", as named" : "") + ")" }
        var rows = [Row(text: VisibleText.escape(report.client) + (lab ?? ""))]
        let width = ClientCheckID.allCases.map(\.rawValue.count).max() ?? 0
        if let silent = report.silent {
            rows.append(Row(indent: "  ", glyph: "✗", label: CheckReportText.pad("sent", width) + "  ", text: silent))
        }
        for result in report.results where !(report.silent != nil && result.skipped) {
            rows.append(
                CheckReportText.resultRow(
                    result.id.rawValue,
                    passed: result.passed,
                    detail: result.detail,
                    width: width
                )
            )
        }
        rows.append(Row(indent: "  ", text: verdict(report)))
        return rows
    }

    /// The last line of a block: `passed: every required check passed` or what kept the client from passing.
    public static func verdict(_ report: ClientCheckReport) -> String {
        let extras = CheckReportText.extrasFailed(
            report.results.filter { $0.id.level == .extra && $0.passed == false }.map(\.id.rawValue)
        )
        if report.passed { return "passed: every required check passed" + extras }
        if report.silent != nil { return "FAILED: sent nothing the grader could see" }
        let failed = report.results.filter { $0.failsClient }.map(\.id.rawValue)
        return "FAILED: required checks failed: " + failed.joined(separator: ", ") + extras
    }

    /// The tables after the blocks when several clients were graded: one per lab (so that each fits a terminal),
    /// a row per client, a column per check (✓ ✗, `-` skipped, an info check's figure), then passed or FAILED; and
    /// the clients that sent nothing, last.
    public static func summary(_ reports: [ClientCheckReport], colour: Bool = false) -> String {
        let names = reports.map { VisibleText.escape($0.client) }
        let width = min(40, max(12, names.map(\.count).max() ?? 0))
        func name(_ index: Int) -> String {
            let name = names[index]
            return CheckReportText.pad(name.count > width ? String(name.prefix(width - 1)) + "…" : name, width)
        }
        var tables: [String] = []
        for lab in ClientLab.allCases + [nil] {
            let rows = reports.indices.filter { reports[$0].lab == lab }
            guard !rows.isEmpty else { continue }
            let checks = lab.map { ClientCheckID.checks(of: $0) } ?? []
            let header =
                CheckReportText.pad(lab.map { $0.rawValue + " client" } ?? "sent nothing", width)
                + checks.map { "  " + $0.shortName }.joined()
            var lines = [header, String(repeating: "─", count: header.count + 8)]
            while lines[0].last == " " { lines[0].removeLast() }
            for index in rows {
                var row = name(index)
                for id in checks {
                    let (cell, isGlyph) = cell(reports[index].result(id))
                    let shown = isGlyph ? paint(cell, colour) : cell
                    row += "  " + shown + String(repeating: " ", count: max(0, id.shortName.count - cell.count))
                }
                lines.append(row + "  " + (reports[index].passed ? "passed" : "FAILED"))
            }
            tables.append(lines.joined(separator: "\n"))
        }
        return tables.joined(separator: "\n\n")
    }

    /// A glyph, coloured as the blocks colour it.
    private static func paint(_ glyph: String, _ colour: Bool) -> String {
        String(CheckReportText.Row(glyph: glyph, text: "").lead(colour: colour).dropLast())
    }

    /// One JSON object on one line: `client`, `lab`, `passed`, `checks` (`{"id", "level", "passed", "detail"}` plus
    /// figures) and `runs` (`scenario`, `exit_status`, `sent`, `printed`).
    public static func json(_ report: ClientCheckReport) -> String {
        var line = JSONLine()
        line.add("client", report.client)
        if let lab = report.lab { line.add("lab", lab.rawValue) } else { line.addNull("lab") }
        line.add("passed", report.passed)
        if let silent = report.silent { line.add("silent", silent) }
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
        line.addRaw("runs", "[" + report.runs.map(run).joined(separator: ",") + "]")
        return line.text
    }

    /// One run as JSON.
    static func run(_ run: ClientRunRecord) -> String {
        var object = JSONLine()
        object.add("scenario", run.scenario.rawValue)
        if let status = run.ending.status {
            object.add("exit_status", Int(status))
        } else {
            object.addNull("exit_status")
        }
        let sent = run.datagrams.map(\.bytes) + run.connections.flatMap { $0.reads.map(\.bytes) }
        let quoted = sent.prefix(sentLimit).map { JSONLine.quote(VisibleText.escapeStart($0, limit: 512)) }
        object.addRaw("sent", "[" + quoted.joined(separator: ",") + "]")
        object.add("printed", VisibleText.escapeStart(run.printed, limit: printedLimit))
        return object.text
    }

    /// A summary cell and whether it is a glyph.
    private static func cell(_ result: ClientCheckResult?) -> (String, Bool) {
        guard let result else { return ("", false) }
        if result.skipped { return ("-", false) }
        if result.id.level == .info {
            switch result.figures.first?.value {
            case .flag(let value)?: return (value ? "closes" : "exits", false)
            case .number(let value)?: return ("exit " + String(Int(value)), false)
            default: return (result.id == .heartbeatExits ? "runs" : "·", false)
            }
        }
        return (CheckReportText.glyph(result.passed), true)
    }
}
