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
        try? read(text, defaultPort: defaultPort).get()
    }

    /// The same as ``parse(_:defaultPort:)``, with the reason when the text is not an endpoint: a port that is not a
    /// number from 1 to 65535 is told apart from text that names no host.
    public static func read(_ text: String, defaultPort: Int) -> Result<Endpoint, EndpointError> {
        let original = text
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return .failure(EndpointError(original, .notAHost)) }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(EndpointError(original, .notAHost)) }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard !host.isEmpty else { return .failure(EndpointError(original, .notAHost)) }
            if rest.isEmpty { return .success(Endpoint(host: host, port: defaultPort)) }
            guard rest.hasPrefix(":") else { return .failure(EndpointError(original, .notAHost)) }
            return port(rest.dropFirst(), of: original).map { Endpoint(host: host, port: $0) }
        }
        let colons = text.filter { $0 == ":" }.count
        if colons > 1 { return .success(Endpoint(host: text, port: defaultPort)) }
        if colons == 1 {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard !parts[0].isEmpty, !parts[0].contains(where: { $0 == " " || $0 == "/" }) else {
                return .failure(EndpointError(original, .notAHost))
            }
            return port(parts[1], of: original).map { Endpoint(host: String(parts[0]), port: $0) }
        }
        guard !text.contains(where: { $0 == " " || $0 == "/" }) else {
            return .failure(EndpointError(original, .notAHost))
        }
        return .success(Endpoint(host: text, port: defaultPort))
    }

    /// The ports a server can be on.
    public static let validPorts = 1...65535

    /// A port number from 1 to 65535, or why `text` (the part after the colon of `whole`) is not one.
    private static func port(_ text: Substring, of whole: String) -> Result<Int, EndpointError> {
        guard !text.isEmpty else { return .failure(EndpointError(whole, .noPort)) }
        guard let value = Int(text), validPorts.contains(value) else {
            return .failure(EndpointError(whole, .badPort(String(text))))
        }
        return .success(value)
    }
}

/// Why a text is not a server's address and port, in one sentence that quotes it: a bad port is said to be one,
/// not taken for a bad host name.
public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    fileprivate enum Code: Sendable, Equatable {
        case notAHost
        case noPort
        case badPort(String)
    }

    /// The text as given.
    public let text: String
    private let code: Code

    fileprivate init(_ text: String, _ code: Code) {
        self.text = text
        self.code = code
    }

    /// Whether the host part was fine and the port was not.
    public var isAboutThePort: Bool { code != .notAHost }

    /// The sentence, with the text quoted (control characters escaped, so it is safe on a terminal), without a
    /// final full stop: `'localhost:70000' names port 70000; a port must be from 1 to 65535`.
    public var description: String { sentence(where: nil) }

    /// The sentence with where the text was found after its quote: `'x:0' on line 2 of class.txt names port 0; …`.
    public func sentence(where place: String?) -> String {
        let quoted = "'\(VisibleText.escape(text))'" + (place.map { " " + $0 } ?? "")
        switch code {
        case .notAHost:
            return quoted + " is not a host name or address"
        case .noPort:
            return quoted + " has no port after the colon; a port must be from 1 to 65535"
        case .badPort(let port):
            guard Int(port) != nil else {
                return quoted + ": '\(VisibleText.escape(port))' is not a port number; a port must be from 1 to 65535"
            }
            return quoted + " names port \(port); a port must be from 1 to 65535"
        }
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
