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
        #expect(line.contains(" 5000 B ") && line.hasSuffix("…\""))
    }
}
