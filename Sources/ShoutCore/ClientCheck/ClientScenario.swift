/// One scripted run of a client program: what the grader types and how it plays the server. The raw values are the
/// `scenario` of a run in the JSON.
public enum ClientScenario: String, Sendable, Hashable, CaseIterable {
    /// The client sent nothing at all: no lab to play.
    case firstContact = "first-contact"
    /// A sentence typed, its upper-cased reply sent at once.
    case reply
    /// A sentence beyond ASCII typed, its reply sent at once.
    case unicode
    /// A sentence typed and no reply ever (UDP).
    case lostReply = "lost-reply"
    /// A sentence typed, its reply written in two parts cut inside a character (TCP).
    case splitReply = "split-reply"
    /// Ten pings answered, held back and dropped by plan (``PingerPlan``).
    case pings
    /// Heartbeats answered, some replies dropped (``ClientLabScript/heartbeatDrops``).
    case heartbeats

    /// The runs of a lab, in order; the first is the one a client is told apart by.
    public static func runs(of lab: ClientLab) -> [ClientScenario] {
        switch lab {
        case .udp: [.reply, .unicode, .lostReply]
        case .tcp: [.reply, .unicode, .splitReply]
        case .pinger: [.pings]
        case .heartbeat: [.heartbeats]
        }
    }

    /// The line typed on the client's standard input for this run (without its newline), for the textbook clients'
    /// `input()`; the others never read it.
    public var typed: String {
        switch self {
        case .unicode: "straße, é, 日本 😀"
        case .lostReply: "is anyone there"
        case .splitReply: "split: straße, é, 日本"
        default: "the quick brown fox"
        }
    }
}
