/// What one scripted run of a client program left behind: what the grader typed, what crossed the wire each way and
/// when, what the client printed and when, and how it ended. Times are offsets from the client's start. Filled by
/// the grader's loop; read by the verdicts.
public struct ClientRunRecord: Sendable, Equatable {
    /// One datagram the client sent to the grader.
    public struct Datagram: Sendable, Equatable {
        /// Its bytes.
        public var bytes: [UInt8]
        /// When it came.
        public var at: Duration
        public init(bytes: [UInt8], at: Duration) {
            self.bytes = bytes
            self.at = at
        }
    }

    /// What the grader did about one datagram.
    public struct Answer: Sendable, Equatable {
        /// Which datagram (its index in `datagrams`).
        public var datagram: Int
        /// The reply's bytes, or nil when it was dropped on purpose.
        public var reply: [UInt8]?
        /// When the reply went out (or the datagram was dropped).
        public var at: Duration
        public init(datagram: Int, reply: [UInt8]?, at: Duration) {
            self.datagram = datagram
            self.reply = reply
            self.at = at
        }
    }

    /// One TCP connection the client opened.
    public struct Connection: Sendable, Equatable {
        /// When it was accepted.
        public var openedAt: Duration
        /// Each read, with its time.
        public var reads: [(bytes: [UInt8], at: Duration)] = []
        /// The grader's writes, with their times.
        public var writes: [(bytes: [UInt8], at: Duration)] = []
        /// When the client's end closed (its FIN or reset), if it did while the grader watched.
        public var closedAt: Duration?
        public init(openedAt: Duration) { self.openedAt = openedAt }

        /// Everything the client sent on it.
        public var received: [UInt8] { reads.flatMap(\.bytes) }

        public static func == (lhs: Connection, rhs: Connection) -> Bool {
            lhs.openedAt == rhs.openedAt && lhs.closedAt == rhs.closedAt
                && lhs.reads.map(\.bytes) == rhs.reads.map(\.bytes) && lhs.reads.map(\.at) == rhs.reads.map(\.at)
                && lhs.writes.map(\.bytes) == rhs.writes.map(\.bytes) && lhs.writes.map(\.at) == rhs.writes.map(\.at)
        }
    }

    /// A piece of the client's output (standard output and error, as they came).
    public struct Output: Sendable, Equatable {
        /// The bytes.
        public var bytes: [UInt8]
        /// When they were read.
        public var at: Duration
        public init(bytes: [UInt8], at: Duration) {
            self.bytes = bytes
            self.at = at
        }
    }

    /// How the run ended for the client.
    public enum Ending: Sendable, Equatable {
        /// It exited by itself with this status.
        case exited(status: Int32, at: Duration)
        /// A signal it did not get from the grader ended it.
        case signalled(signal: Int32, at: Duration)
        /// The grader ended it (SIGTERM, then SIGKILL) when the run's time was up.
        case ended(at: Duration)

        /// When.
        public var at: Duration {
            switch self {
            case .exited(_, let at), .signalled(_, let at), .ended(let at): at
            }
        }

        /// The exit status when it exited by itself.
        public var status: Int32? { if case .exited(let status, _) = self { status } else { nil } }
    }

    /// The run's scenario.
    public var scenario: ClientScenario
    /// The line typed on its standard input, without the newline.
    public var typed: [UInt8]
    /// The wall clock when the client started, in seconds since the epoch (for the times in its pings).
    public var startedAt: Double = 0
    /// The datagrams it sent, in order (the first few hundred).
    public var datagrams: [Datagram] = []
    /// Datagrams past those kept, counted.
    public var datagramsNotKept = 0
    /// What the grader did about each datagram it answered or dropped.
    public var answers: [Answer] = []
    /// The connections it opened.
    public var connections: [Connection] = []
    /// What it printed, as it came (the first 64 KiB).
    public var output: [Output] = []
    /// Bytes of output past those kept.
    public var outputNotKept = 0
    /// How it ended.
    public var ending: Ending = .ended(at: .zero)

    public init(scenario: ClientScenario, typed: [UInt8]) {
        self.scenario = scenario
        self.typed = typed
    }

    /// Everything it printed that was kept.
    public var printed: [UInt8] { output.flatMap(\.bytes) }

    /// Whether the client did anything on the wire.
    public var sentAnything: Bool { !datagrams.isEmpty || !connections.isEmpty }

    /// The answer given to datagram `index`, if any.
    public func answer(to index: Int) -> Answer? { answers.first { $0.datagram == index } }
}
