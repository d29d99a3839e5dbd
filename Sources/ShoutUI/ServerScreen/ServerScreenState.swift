import FoundationEssentials
import ShoutCore

/// The server screen's whole state: panes, peers, focus, pause, view options and the latest totals.
///
/// Pure: it takes inputs (keys, batches of server events, counter snapshots, the clock, a size) through
/// ``apply(_:)`` and returns effects; ``ServerScreenRenderer`` draws it into any rectangle of a buffer. Nothing here
/// touches a terminal or a socket, so a demo screen can host it beside another one.
///
/// Bounded under any flood: each pane keeps at most ``paneCapacity`` lines, lines that wait while the display is
/// paused are bounded the same way, and the peer table is bounded. The header's totals come from the server's exact
/// counters, never from counting lines, so they stay exact while old lines are forgotten.
public struct ServerScreenState: Sendable {
    /// Where students can connect and when serving began.
    public var info: ServerScreenInfo
    /// The impairments now (shown in the header when any is on).
    public private(set) var impairments: Impairments
    /// The latest exact totals.
    public private(set) var totals = ServerCounters.Snapshot()
    /// The time of the latest input that carried one.
    public private(set) var now: Date
    /// Replies per second, from the totals.
    public private(set) var rate = ReplyRate()
    /// TCP connections and UDP senders.
    public private(set) var peers: PeerTable
    /// The Received pane.
    public internal(set) var received: ScrollbackLog<TrafficLine>
    /// The Replies-sent pane.
    public internal(set) var replies: ScrollbackLog<TrafficLine>
    /// How many rows the Peers pane is scrolled down from its first row.
    public internal(set) var peerOffset = 0
    /// The pane keys scroll.
    public internal(set) var focus: ServerPane = .received
    /// Whether the panes are frozen (traffic is still served and counted).
    public internal(set) var isPaused = false
    /// The Peers pane as it was when the display was paused, and the moment it was paused (its ages are as of
    /// then): paused, every pane holds still while the peer table goes on counting.
    public private(set) var frozenPeers: (table: PeerTable, at: Date)?
    /// Received lines waiting for the display to be resumed.
    var waitingReceived: RingBuffer<TrafficLine>
    /// Reply lines waiting for the display to be resumed.
    var waitingReplies: RingBuffer<TrafficLine>
    /// The Wire pane: the packets of the server's port (`--wire`).
    public internal(set) var wire: ScrollbackLog<WireLine>
    /// Wire lines waiting for the display to be resumed.
    var waitingWire: RingBuffer<WireLine>
    /// Whether the Wire pane takes the place of the Received and Replies panes (`w`).
    public internal(set) var showsWire = false
    /// What the Wire pane says while it has no line: why there is no capture, or nil when there is one.
    public var wireAbsence: String? = "no capture: run with --wire (needs CAP_NET_RAW)"
    /// Whether payloads are shown as hex bytes instead of text.
    public internal(set) var showsHex = false
    /// Whether the help overlay is up.
    public internal(set) var showsHelp = false
    /// The one-line prompt open in the footer (`m` mark label, `/` filter), or nil.
    public internal(set) var prompt: ServerPrompt?
    /// What is typed into the prompt.
    public internal(set) var promptEditor = LineEditor()
    /// The filter on the Received and Replies panes, lower-cased; empty shows every line.
    public internal(set) var filter = ""
    /// Marks put in so far (the next one is numbered one more).
    public internal(set) var markCount = 0
    /// The label of the latest mark (empty for none, or a mark without a label).
    public internal(set) var lastMarkLabel = ""
    /// The size of the area the screen was last drawn into.
    public private(set) var size: (width: Int, height: Int) = (80, 24)
    /// Whether something visible changed since ``markRendered()``.
    public private(set) var needsRender = true

    /// Lines each pane keeps.
    public let paneCapacity: Int

    /// A screen with empty panes.
    public init(
        info: ServerScreenInfo,
        impairments: Impairments = Impairments(),
        paneCapacity: Int = ScrollbackLog<TrafficLine>.defaultCapacity,
        peerCapacity: Int = 1_000
    ) {
        self.info = info
        self.impairments = impairments
        self.paneCapacity = max(1, paneCapacity)
        now = info.startedAt
        peers = PeerTable(udpCapacity: peerCapacity)
        peers.localHosts = Set(info.addresses)
        peers.grading = info.grade
        received = ScrollbackLog(capacity: self.paneCapacity)
        replies = ScrollbackLog(capacity: self.paneCapacity)
        waitingReceived = RingBuffer(capacity: self.paneCapacity)
        waitingReplies = RingBuffer(capacity: self.paneCapacity)
        wire = ScrollbackLog(capacity: self.paneCapacity)
        waitingWire = RingBuffer(capacity: self.paneCapacity)
    }

    /// Lines waiting while paused (bounded by the panes' capacity each).
    public var waitingCount: Int { waitingReceived.count + waitingReplies.count + waitingWire.count }

    /// Whole seconds since the server started.
    public var uptimeSeconds: Int { max(0, Int(now.timeIntervalSince(info.startedAt))) }

    /// The layout of the area last reported by `.resize`.
    public var layout: ServerScreenLayout {
        ServerScreenLayout(area: Rect(x: 0, y: 0, width: size.width, height: size.height))
    }

    /// Applies one input and returns what the program should do.
    @discardableResult
    public mutating func apply(_ input: ServerScreenInput) -> [ServerScreenEffect] {
        switch input {
        case .key(let key):
            return handle(key)
        case .events(let events, let dropped):
            applyEvents(events, dropped: dropped)
        case .counters(let snapshot, let moment):
            let time = moment.date
            advanceClock(to: time)
            rate.record(replied: snapshot.replied, at: time)
            if snapshot != totals {
                totals = snapshot
                needsRender = true
            }
        case .tick(let moment):
            advanceClock(to: moment.date)
        case .resize(let width, let height):
            if width != size.width || height != size.height {
                size = (max(0, width), max(0, height))
                needsRender = true
            }
        case .impairments(let settings):
            if settings != impairments {
                impairments = settings
                needsRender = true
            }
        case .mark(let label):
            addMark(label)
        case .kernelView(let view):
            if peers.applyKernelView(view) { needsRender = true }
        case .wire(let records, let missed):
            applyWire(records, missed: missed)
        }
        return []
    }

    /// Adds a note from the program (a port it had to change, say) to the Received pane.
    public mutating func note(_ text: String, at time: Date) {
        addReceived(.note(text, time: time))
        needsRender = true
    }

    /// Records that the current state has been drawn.
    public mutating func markRendered() { needsRender = false }

    /// Marks the state as needing a draw (after a change made from an extension).
    mutating func setNeedsRender() { needsRender = true }

    /// Moves the clock; a new second changes the uptime and the peers' ages, so it asks for a draw.
    private mutating func advanceClock(to time: Date) {
        let before = Int(now.timeIntervalSince(info.startedAt).rounded(.down))
        now = max(now, time)
        if Int(now.timeIntervalSince(info.startedAt).rounded(.down)) != before { needsRender = true }
    }

    private mutating func applyEvents(_ events: [ServerEvent], dropped: Int) {
        guard !events.isEmpty || dropped > 0 else { return }
        needsRender = true
        if dropped > 0 {
            let note = "\(dropped) events not shown: the screen could not keep up (the totals count them all)"
            addReceived(.note(note, time: events.first?.time ?? now))
        }
        if dropped > 0 { peers.countsAreSampled = true }
        for event in events {
            peers.apply(event)
            switch event.kind {
            case .received(let transport, let peer, let payload):
                addReceived(
                    TrafficLine(
                        time: event.time,
                        kind: .received,
                        transport: transport,
                        peer: peer,
                        payload: payload
                    )
                )
            case .dropped(let transport, let peer, let payload, let reason):
                addReceived(
                    TrafficLine(
                        time: event.time,
                        kind: .dropped(reason),
                        transport: transport,
                        peer: peer,
                        payload: payload
                    )
                )
            case .replied(let transport, let peer, let payload):
                addReply(
                    TrafficLine(
                        time: event.time,
                        kind: .replied,
                        transport: transport,
                        peer: peer,
                        payload: payload
                    )
                )
            case .problem(let message):
                addReceived(.note(message, time: event.time))
            case .listening, .connected, .closed:
                break
            }
        }
    }

    mutating func addReceived(_ line: TrafficLine) {
        if isPaused { waitingReceived.append(line) } else { received.append(line) }
    }

    mutating func addReply(_ line: TrafficLine) {
        if isPaused { waitingReplies.append(line) } else { replies.append(line) }
    }

    /// The peer table the Peers pane shows: the frozen one while paused, else the live one.
    public var shownPeers: PeerTable { frozenPeers?.table ?? peers }
    /// The moment the Peers pane's ages are counted to.
    public var shownPeersTime: Date { frozenPeers?.at ?? now }

    /// Freezes every pane: new lines wait, and the Peers pane keeps what it shows now.
    mutating func pause() {
        isPaused = true
        frozenPeers = (peers.frozen(), now)
    }

    /// Shows every waiting line (oldest first) and unfreezes the panes.
    mutating func resume() {
        isPaused = false
        frozenPeers = nil
        received.append(contentsOf: waitingReceived.elements(in: 0..<waitingReceived.count))
        replies.append(contentsOf: waitingReplies.elements(in: 0..<waitingReplies.count))
        wire.append(contentsOf: waitingWire.elements(in: 0..<waitingWire.count))
        waitingReceived.removeAll()
        waitingReplies.removeAll()
        waitingWire.removeAll()
    }

    /// Forgets every pane line (and waiting line) and the UDP senders and closed connections; totals stay.
    mutating func clearPanes() {
        received.clear()
        replies.clear()
        wire.clear()
        waitingReceived.removeAll()
        waitingReplies.removeAll()
        waitingWire.removeAll()
        peers.clear()
        if isPaused { frozenPeers = (peers.frozen(), now) }
        peerOffset = 0
    }
}
