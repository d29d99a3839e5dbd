import FoundationEssentials
import ShoutCore

/// The small pieces of text the server screen is made of: grouped numbers, sizes, ages, the header.
public enum ServerScreenText {
    /// `1,204`.
    public static func grouped(_ value: Int) -> String {
        NumberText.grouped(value)
    }

    /// The separator between items of a list: ` · `, or ` | ` in ASCII.
    public static func dot(_ ascii: Bool) -> String { ascii ? " | " : " · " }

    /// `6 B`, `1,204 B`.
    public static func size(_ bytes: Int) -> String { NumberText.size(bytes) }

    /// How long ago, as a person says it: `2 s`, `4 min`, `3 h`.
    public static func age(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 2 * 3600 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    /// The header: `shout server ─ udp+tcp :12000 on 192.168.1.20, ::1 ─ up 00:03:12 ─ in 4 · out 4 · 2/s`, with
    /// `PAUSED (3 waiting)` before the totals and the impairments after them when they apply. Made to fit `width`
    /// columns: the address list shrinks first, then the program's name and the uptime go, then the rate and the
    /// transports' names.
    public static func header(_ state: ServerScreenState, width: Int, ascii: Bool) -> String {
        let dash = ascii ? " - " : " ─ "
        let info = state.info
        let totals = state.totals
        let dot = dot(ascii)
        var counts = "in \(grouped(totals.received))\(dot)out \(grouped(totals.replied))"
        if totals.dropped > 0 { counts += "\(dot)dropped \(grouped(totals.dropped))" }
        let traffic = counts + "\(dot)\(grouped(state.rate.perSecond(at: state.now)))/s"
        // What comes before the totals, with the impairments in full or in brief.
        func notices(briefImpairments: Bool) -> [String] {
            // The pause comes first: a teacher who pressed space must see it at any width.
            var notices = state.isPaused ? ["PAUSED (\(grouped(state.waitingCount)) waiting)"] : []
            if !state.filter.isEmpty {
                notices.append(
                    "filter \"\(VisibleText.escape(state.filter))\" hides \(grouped(state.hiddenByFilter))"
                )
            }
            // Impairments before the totals: what is on must show at any width.
            if state.impairments.isActive {
                notices.append(
                    briefImpairments
                        ? briefText(state.impairments, dot: dot, ascii: ascii)
                        : state.impairments.text(separator: dot)
                )
            }
            if let limit = info.rateLimit { notices.append("limit \(grouped(limit))/s per address") }
            if info.grade { notices.append("grading pingers") }
            return notices
        }
        let before = notices(briefImpairments: false)
        let tail = before + [traffic]
        let listen = "\(info.transportText) :\(info.port)"
        let addresses = info.addresses.map(VisibleText.escape)
        let uptime = "up " + Timestamp.duration(seconds: state.uptimeSeconds)

        var candidates: [[String]] = []
        if !addresses.isEmpty {
            let all = listen + " on " + addresses.joined(separator: ", ")
            candidates.append(["shout server", all, uptime] + tail)
            let first = listen + " on " + addresses[0] + (addresses.count > 1 ? " +\(addresses.count - 1)" : "")
            candidates.append(["shout server", first, uptime] + tail)
            candidates.append([first, uptime] + tail)
            candidates.append([first] + tail)
        }
        candidates.append(["shout server", listen, uptime] + tail)
        candidates.append([listen, uptime] + tail)
        candidates.append([listen] + tail)
        // Narrower still, the rate goes, then the transports, then the impairments say it in brief: the counts stay
        // whole.
        candidates.append([listen] + before + [counts])
        candidates.append([":\(info.port)"] + before + [counts])
        let brief = [":\(info.port)"] + notices(briefImpairments: true) + [counts]
        candidates.append(brief)
        for parts in candidates {
            let text = parts.joined(separator: dash)
            if DisplayWidth.of(text) <= width { return text }
        }
        return brief.joined(separator: dash)
    }

    /// The impairments in brief: `drop 10%`, and the delay with its jitter as the range it draws from
    /// (`delay 100–400 ms`).
    static func briefText(_ impairments: Impairments, dot: String, ascii: Bool) -> String {
        var parts: [String] = []
        if impairments.drop > 0 { parts.append("drop \(impairments.drop)%") }
        if impairments.jitter > 0 {
            let low = impairments.delay
            parts.append("delay \(low)\(ascii ? "-" : "–")\(low + impairments.jitter) ms")
        } else if impairments.delay > 0 {
            parts.append("delay \(impairments.delay) ms")
        }
        return parts.joined(separator: dot)
    }

    /// The key hints of the footer, naming what each key does now: as many as fit `width`, the least needed left
    /// out first (`? help` and `q quit` always stay). The impairments' hint shrinks to `d drop` before it goes, and
    /// goes after the filter's: the demo's story on a projector turns on them.
    public static func hints(_ state: ServerScreenState, ascii: Bool, width: Int = .max) -> String {
        let arrows = ascii ? "Up Dn" : "↑↓"
        // Each hint with its rank, lower ranks left out first, and what it becomes instead of being left out.
        var hints: [(text: String, rank: Int, shorter: (text: String, rank: Int)?)] = [
            ("Tab pane", 60, nil), ("\(arrows) PgUp PgDn", 10, nil),
            ("space " + (state.isPaused ? "resume" : "pause"), 70, nil),
            ("x " + (state.showsHex ? "text" : "hex"), 20, nil), ("c clear", 0, nil),
            (state.filter.isEmpty ? "/ filter" : "Esc unfilter", 50, nil), ("m mark", 40, nil),
            ("d/l/j drop/delay/jitter", 30, ("d drop", 55)),
            ("? help", 90, nil), ("q quit", 90, nil),
        ]
        // `w` only where it can be used: with a capture, or once the Wire pane is up.
        if state.wireAbsence == nil || state.showsWire {
            hints.insert(("w " + (state.showsWire ? "panes" : "wire"), 45, nil), at: 5)
        }
        while true {
            let text = hints.map(\.text).joined(separator: dot(ascii))
            guard DisplayWidth.of(text) > width,
                let lowest = hints.indices.filter({ hints[$0].rank < 90 })
                    .min(by: { hints[$0].rank < hints[$1].rank })
            else { return text }
            if let shorter = hints[lowest].shorter {
                hints[lowest] = (shorter.text, shorter.rank, nil)
            } else {
                hints.remove(at: lowest)
            }
        }
    }

    /// The footer's prompt before what is typed: `mark 3 label (Enter/Esc): `, `filter (Enter/Esc): `.
    public static func promptLabel(_ state: ServerScreenState) -> String {
        switch state.prompt {
        case .mark: "mark \(state.markCount + 1) label (Enter/Esc): "
        case .filter: "filter (Enter/Esc): "
        case nil: ""
        }
    }

    /// The lines of the help overlay.
    public static let help: [String] = [
        "Tab / Shift-Tab    focus the next / previous pane",
        "Up Down PgUp PgDn  scroll; Home / End: ends",
        "space              pause or resume the display",
        "x                  payloads as text or hex bytes",
        "c                  clear the panes (totals stay)",
        "w                  Wire pane (--wire) or these",
        "/   Esc            filter the panes / unfilter",
        "m                  put a mark (a labelled line)",
        "d                  UDP drop 0 → 10 → 50 → 100 %",
        "l                  UDP delay 0 → 100 → 500 ms",
        "j                  UDP jitter 300 ms on / off",
        "q  Ctrl-C          quit; any key closes this help",
    ]
}
