import ShoutCore
import Testing

/// How a Pinger client's printed lines are read, in the many ways students word them.
@Suite struct PingLineReadingTests {
    @Test(
        "reply lines: the sequence number and the RTT with its unit",
        arguments: [
            ("PING 5 1733449999.123456 RTT 0.300123 s", 5, 300.123),
            ("Sequence 4: RTT = 0.300s", 4, 300),
            ("Reply from 127.0.0.1: PING 4 1733449999.1 time=300.2 ms", 4, 300.2),
            ("RTT: 0.000046 seconds", nil, 0.046),
            ("RTT: 4.6e-05", nil, 0.046),
            ("Ping 7 took 12 milliseconds", 7, 12),
            ("seq #3 rtt 250000 us", 3, 250),
            ("Round trip time: 0.3 sec", nil, 300),
        ] as [(String, Int?, Double)]
    )
    func reply(line: String, seq: Int?, milliseconds: Double) throws {
        let reading = PingLineReading.read(line)
        #expect(reading.kind == .reply)
        #expect(reading.seq == seq)
        let rtt = try #require(reading.rtt)
        #expect(abs(rtt.milliseconds - milliseconds) < 0.001, "\(rtt)")
    }

    @Test(
        "timeout lines",
        arguments: ["Request timed out", "Ping 3: Request Timed Out", "3 lost", "No reply for ping 3", "timeout"]
    )
    func timeout(line: String) {
        #expect(PingLineReading.read(line).kind == .timeout)
    }

    @Test("a ping's sequence number is read from a timeout line that names it")
    func timeoutSeq() {
        #expect(PingLineReading.read("Ping 3: Request timed out").seq == 3)
    }

    @Test("summary lines: minimum, average, maximum and the loss, in the line's unit")
    func summary() throws {
        let spaced = PingLineReading.read("min 0.000148 s avg 0.064655 s max 0.300538 s")
        #expect(spaced.kind == .summary)
        #expect(abs(try #require(spaced.average).milliseconds - 64.655) < 0.001)
        let slashed = PingLineReading.read("rtt min/avg/max = 1.0/2.5/4.0 ms, 30% packet loss")
        #expect(slashed.kind == .summary)
        #expect(try #require(slashed.minimum).milliseconds == 1)
        #expect(try #require(slashed.average).milliseconds == 2.5)
        #expect(try #require(slashed.maximum).milliseconds == 4)
        #expect(slashed.lossPercent == 30)
        #expect(PingLineReading.read("packet loss rate 30%").lossPercent == 30)
        #expect(PingLineReading.read("Average RTT: 12 ms").average?.milliseconds == 12)
    }

    @Test("a number without a unit reads as seconds or as milliseconds, whichever fits")
    func unlabelled() {
        let measure = PrintedMeasure(value: 0.3, unit: .unlabelled)
        #expect(measure.reads(300, within: 60))
        #expect(PrintedMeasure(value: 300, unit: .unlabelled).reads(300, within: 60))
        #expect(!PrintedMeasure(value: 300, unit: .seconds).reads(300, within: 60))
        #expect(PrintedMeasure(value: 150311.2, unit: .milliseconds).text == "150311.2 ms")
        #expect(PrintedMeasure(value: 0.000201, unit: .seconds).text == "0.000201 s")
    }

    @Test("lines of other kinds are neither replies nor timeouts")
    func other() {
        #expect(PingLineReading.read("Pinging localhost on port 12000").kind == .other)
        #expect(PingLineReading.read("Input lowercase sentence:").kind == .other)
    }
}
