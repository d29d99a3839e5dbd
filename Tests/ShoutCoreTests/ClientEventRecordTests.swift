import Foundation
import ShoutCore
import Testing

/// The client's JSON event records: field names and values survive a real JSON parser, and no control character
/// reaches the file raw.
@Suite struct ClientEventRecordTests {
    /// 2026-11-25T14:02:11.125Z.
    static let time = Date(timeIntervalSince1970: 1_795_615_331.125)

    static func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("every field, by its stable name, round trips through JSONSerialization")
    func everyField() throws {
        var record = ClientEventRecord(
            time: Self.time,
            event: .reply,
            transport: .tcp,
            server: Endpoint(host: "::1", port: 12000),
            request: 7,
            payload: Array("STRASSE".utf8),
            rtt: .microseconds(87)
        )
        record.local = Endpoint(host: "::1", port: 50123)
        record.setup = .microseconds(1500)
        record.reason = "timeout"
        record.expected = "STRASSE"
        record.mark = 2
        record.retry = true
        record.message = "refused"
        let line = record.jsonLine
        #expect(!line.contains("\n"))
        let object = try Self.parse(line)
        #expect(object["time"] as? String == "2026-11-25T14:02:11.125Z")
        #expect(object["event"] as? String == "reply")
        #expect(object["transport"] as? String == "tcp")
        #expect(object["server"] as? String == "[::1]:12000")
        #expect(object["request"] as? Int == 7)
        #expect(object["bytes"] as? Int == 7)
        #expect(object["text"] as? String == "STRASSE")
        #expect(object["rtt_ms"] as? Double == 0.087)
        #expect(object["local"] as? String == "[::1]:50123")
        #expect(object["setup_ms"] as? Double == 1.5)
        #expect(object["reason"] as? String == "timeout")
        #expect(object["expected"] as? String == "STRASSE")
        #expect(object["mark"] as? Int == 2)
        #expect(object["retry"] as? Bool == true)
        #expect(object["message"] as? String == "refused")
        #expect(
            Set(object.keys) == [
                "time", "event", "transport", "server", "request", "bytes", "text", "rtt_ms", "local", "setup_ms",
                "reason", "expected", "mark", "retry", "message",
            ]
        )
    }

    @Test("fields that do not apply are left out; `time` and `event` come first")
    func onlyWhatApplies() throws {
        var record = ClientEventRecord(time: Self.time, event: .switch)
        record.transport = .udp
        #expect(record.jsonLine == #"{"time":"2026-11-25T14:02:11.125Z","event":"switch","transport":"udp"}"#)
        #expect(
            ClientEventRecord.Event.allCases.map(\.rawValue) == [
                "sent", "reply", "lost", "not_sent", "waiting", "late", "duplicate", "unsolicited", "connect", "close",
                "switch", "mark", "problem",
            ]
        )
    }

    @Test("control characters, line breaks and bytes that are not UTF-8 are escaped, and decode back")
    func escaping() throws {
        let payload: [UInt8] = Array("a\u{1b}[2J\r\n\t\"\\\u{7f}\u{85}é".utf8) + [0xff, 0x00]
        let record = ClientEventRecord(
            time: Self.time,
            event: .sent,
            transport: .udp,
            server: nil,
            request: 1,
            payload: payload
        )
        let line = record.jsonLine
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
        #expect(line.contains(#"\u001b[2J\r\n\t\"\\\u007f\u0085é"#))
        let object = try Self.parse(line)
        #expect(object["text"] as? String == "a\u{1b}[2J\r\n\t\"\\\u{7f}\u{85}é\u{fffd}\u{0}")
        #expect(object["bytes"] as? Int == payload.count)
    }

    @Test("records joined with line ends are one parseable object per line")
    func linePerEvent() throws {
        let texts = ["one", "two\nlines", "three"]
        let file = texts.enumerated().map { index, text in
            ClientEventRecord(
                time: Self.time,
                event: .sent,
                transport: .udp,
                server: nil,
                request: index + 1,
                payload: Array(text.utf8)
            ).jsonLine + "\n"
        }.joined()
        let lines = file.split(separator: "\n")
        #expect(lines.count == 3)
        let parsed = try lines.map { try Self.parse(String($0)) }
        #expect(parsed.map { $0["text"] as? String } == texts)
        #expect(parsed.map { $0["request"] as? Int } == [1, 2, 3])
    }
}
