/// The two transports of the textbook exchange.
public enum Transport: String, Sendable, Hashable, CaseIterable, Codable {
    case udp
    case tcp

    /// The other transport (what F2 switches to).
    public var toggled: Transport { self == .udp ? .tcp : .udp }

    /// Upper-case name for headers and status bars.
    public var label: String { rawValue.uppercased() }
}
