/// One check as the JSON object both graders print (`shout check` for servers and `--client` for clients):
/// `{"id", "level", "passed", "detail"}`, `passed` null for a fact or a skipped check, then its figures by name.
enum CheckJSON {
    static func object(
        id: String,
        level: String,
        passed: Bool?,
        detail: String,
        figures: [(name: String, value: CheckResult.Figure)]
    ) -> String {
        var check = JSONLine()
        check.add("id", id)
        check.add("level", level)
        if let passed { check.add("passed", passed) } else { check.addNull("passed") }
        check.add("detail", detail)
        for figure in figures {
            switch figure.value {
            case .number(let value): check.add(figure.name, value)
            case .flag(let value): check.add(figure.name, value)
            case .none: check.addNull(figure.name)
            }
        }
        return check.text
    }
}
