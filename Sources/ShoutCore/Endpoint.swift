/// A host and port as a person reads them: `192.168.1.20:12000`, `[::1]:12000`.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// A numeric address (or a name, before it is resolved).
    public var host: String
    /// The port number.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with brackets around IPv6 addresses.
    public var description: String {
        host.contains(where: { $0 == ":" }) ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `HOST`, `HOST:PORT`, `[V6]`, `[V6]:PORT` or a bare IPv6 literal; the port defaults to `defaultPort`.
    /// Returns nil for text that is none of these.
    public static func parse(_ text: String, defaultPort: Int) -> Endpoint? {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard !host.isEmpty else { return nil }
            if rest.isEmpty { return Endpoint(host: host, port: defaultPort) }
            guard rest.hasPrefix(":"), let port = Self.port(rest.dropFirst()) else { return nil }
            return Endpoint(host: host, port: port)
        }
        let colons = text.filter { $0 == ":" }.count
        if colons > 1 { return Endpoint(host: text, port: defaultPort) }
        if colons == 1 {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard !parts[0].isEmpty, let port = Self.port(parts[1]) else { return nil }
            return Endpoint(host: String(parts[0]), port: port)
        }
        guard !text.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
        return Endpoint(host: text, port: defaultPort)
    }

    /// A port number from 1 to 65535.
    private static func port(_ text: Substring) -> Int? {
        guard let value = Int(text), (1...65535).contains(value) else { return nil }
        return value
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line ends.
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
