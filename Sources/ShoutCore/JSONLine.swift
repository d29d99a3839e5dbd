/// Builds one JSON object on one line, with keys in the order they are added (stable field names for scripts).
///
/// Strings are escaped so that no control character (C0, DEL, C1) or line break appears raw in the output.
public struct JSONLine: Sendable {
    private var fields: [String] = []

    public init() {}

    /// Adds a string field.
    public mutating func add(_ key: String, _ value: String) {
        fields.append(Self.quote(key) + ":" + Self.quote(value))
    }

    /// Adds an integer field.
    public mutating func add(_ key: String, _ value: Int) {
        fields.append(Self.quote(key) + ":" + String(value))
    }

    /// Adds a number field with up to three decimals.
    public mutating func add(_ key: String, _ value: Double) {
        let rounded = (value * 1000).rounded() / 1000
        fields.append(Self.quote(key) + ":" + (rounded.isFinite ? String(rounded) : "null"))
    }

    /// Adds a boolean field.
    public mutating func add(_ key: String, _ value: Bool) {
        fields.append(Self.quote(key) + ":" + (value ? "true" : "false"))
    }

    /// Adds a field whose value is `null` (no figure).
    public mutating func addNull(_ key: String) {
        fields.append(Self.quote(key) + ":null")
    }

    /// Adds a field whose value is JSON text built elsewhere (an array of objects, say); `json` must be valid JSON.
    public mutating func addRaw(_ key: String, _ json: String) {
        fields.append(Self.quote(key) + ":" + json)
    }

    /// The object as one line, without a line end.
    public var text: String { "{" + fields.joined(separator: ",") + "}" }

    /// A JSON string literal for `value`.
    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if VisibleText.isControl(scalar) {
                    let digits = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONLine {
    /// Adds a number field with up to three decimals, or `null` when there is no figure.
    public mutating func add(_ key: String, _ value: Double?) {
        if let value {
            add(key, value)
        } else {
            addNull(key)
        }
    }

    /// Adds a string field, or `null` when there is none.
    public mutating func add(_ key: String, _ value: String?) {
        if let value {
            add(key, value)
        } else {
            addNull(key)
        }
    }
}
