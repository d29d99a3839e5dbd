import Foundation
import ShoutCore

/// The small pieces of text the server screen is made of: grouped numbers, sizes, ages, the header.
public enum ServerScreenText {
    /// `1,204`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return value < 0 ? "-" + text : text
    }

    /// The separator between items of a list: ` · `, or ` | ` in ASCII.
    public static func dot(_ ascii: Bool) -> String { ascii ? " | " : " · " }

    /// `6 B`, `1,204 B`.
    public static func size(_ bytes: Int) -> String { grouped(bytes) + " B" }

    /// How long ago, as a person says it: `2 s`, `4 min`, `3 h`.
    public static func age(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 2 * 3600 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    /// The header: `shout server ─ udp+tcp :12000 on 192.168.1.20, ::1 ─ up 00:03:12 ─ in 4 · out 4 · 2/s`, with
    /// `PAUSED (3 waiting)` before the totals and the impairments after them when they apply. Made to fit `width`
    /// columns: the address list shrinks first, then the program's name and the uptime go.
    public static func header(_ state: ServerScreenState, width: Int, ascii: Bool) -> String {
        let dash = ascii ? " - " : " ─ "
        let info = state.info
        let totals = state.totals
        let dot = dot(ascii)
        var traffic = "in \(grouped(totals.received))\(dot)out \(grouped(totals.replied))"
        if totals.dropped > 0 { traffic += "\(dot)dropped \(grouped(totals.dropped))" }
        traffic += "\(dot)\(grouped(state.rate.perSecond(at: state.now)))/s"
        // The pause comes first: a teacher who pressed space must see it at any width.
        var tail = state.isPaused ? ["PAUSED (\(grouped(state.waitingCount)) waiting)"] : []
        tail.append(traffic)
        if state.impairments.isActive { tail.append(state.impairments.text(separator: dot)) }
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
        for parts in candidates {
            let text = parts.joined(separator: dash)
            if DisplayWidth.of(text) <= width { return text }
        }
        return ([listen] + tail).joined(separator: dash)
    }

    /// The key hints of the footer, naming what each key does now.
    public static func hints(_ state: ServerScreenState, ascii: Bool) -> String {
        let arrows = ascii ? "Up Dn" : "↑↓"
        return ["Tab pane", "\(arrows) PgUp PgDn", "space " + (state.isPaused ? "resume" : "pause"),
                "x " + (state.showsHex ? "text" : "hex"), "c clear", "? help", "q quit"].joined(separator: dot(ascii))
    }

    /// The lines of the help overlay.
    public static let help: [String] = [
        "Tab / Shift-Tab    focus the next / previous pane",
        "Up Down PgUp PgDn  scroll the focused pane",
        "Home / End         oldest lines / follow new ones",
        "space              pause or resume the display",
        "                   (traffic is still served)",
        "x                  payloads as text or hex bytes",
        "c                  clear the panes (totals stay)",
        "q  Ctrl-C          quit",
        "",
        "Press any key to close this help.",
    ]
}
