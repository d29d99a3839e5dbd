import Foundation
import ShoutCore
import Testing

@Suite struct ServerEventFormatterTests {
    let peer = Endpoint(host: "127.0.0.1", port: 5000)

    @Test("text lines escape what peers send")
    func textLine() {
        let event = ServerEvent(.received(.udp, peer: peer, payload: Payload(Array("a\u{1b}[2Jb".utf8))))
        let line = ServerEventFormatter.line(event, format: .text)
        #expect(line.hasSuffix("received udp 127.0.0.1:5000 6 B \"a\\x1b[2Jb\""))
    }

    @Test("JSON lines parse and keep their field names")
    func jsonLine() throws {
        let event = ServerEvent(.replied(.tcp, peer: peer, payload: Payload(Array("STRASSE\u{9b}".utf8))))
        let line = ServerEventFormatter.line(event, format: .json)
        #expect(!line.unicodeScalars.contains { VisibleText.isControl($0) })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "replied")
        #expect(object["transport"] as? String == "tcp")
        #expect(object["peer"] as? String == "127.0.0.1:5000")
        #expect(object["bytes"] as? Int == 9)
        #expect(object["text"] as? String == "STRASSE\u{9b}")
        #expect(object["truncated"] as? Bool == false)
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test("long payloads are cut in the preview but counted whole")
    func longPayload() {
        let payload = Payload([UInt8](repeating: 0x61, count: 5000))
        #expect(payload.size == 5000)
        #expect(payload.preview.count == Payload.previewLimit)
        let line = ServerEventFormatter.line(ServerEvent(.received(.udp, peer: peer, payload: payload)), format: .text)
        #expect(line.contains(" 5,000 B ") && line.hasSuffix("…\""))
    }

    @Test("a lab ping's line carries its Heartbeat figures, in text and JSON; other lines are unchanged")
    func heartbeatFields() {
        let peer = Endpoint(host: "127.0.0.1", port: 5000)
        var table = HeartbeatTable()
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        var lines: [String] = []
        for (seq, format) in [(1, ServerEventFormatter.Format.json), (3, .json), (3, .text)] {
            let text = "Ping \(seq) 1799999999.9995"
            let event = ServerEvent(time: time, .received(.udp, peer: peer, payload: Payload(Array(text.utf8))))
            lines.append(ServerEventFormatter.line(event, format: format, heartbeat: table.observe(event)))
        }
        #expect(
            lines[1].hasSuffix(
                #""seq":3,"heartbeat":"ping","gaps":1,"missing":"2","reorders":0,"duplicates":0,"reordered":false,"#
                    + #""duplicate":false,"one_way_ms":0.5,"one_way_estimate":false}"#
            )
        )
        #expect(lines[1].hasPrefix(#"{"time":"2027-01-15T08:00:00.000Z","event":"received","transport":"udp""#))
        #expect(
            lines[2].hasSuffix(
                #" 22 B "Ping 3 1799999999.9995" [ping seq 3 · gaps 1 (2) · duplicate · one-way 0.500 ms]"#
            )
        )
        let plain = ServerEvent(time: time, .received(.udp, peer: peer, payload: Payload(Array("hello".utf8))))
        #expect(table.observe(plain) == nil)
        #expect(!ServerEventFormatter.line(plain, format: .json).contains("seq"))
    }
}
