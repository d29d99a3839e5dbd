import Benchmark
import ShoutCore

/// The hot pieces of the server path: upper-casing (the server's ASCII copy, and the Unicode path), the streaming
/// decoder used for TCP, and handing events to the UI in batches; and the screens' cost per key and per frame
/// (`Screens.swift`).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        maxDuration: .seconds(2)
    )

    let ascii = Array(String(repeating: "hello there, class of 2026! ", count: 3).prefix(64).utf8)
    let unicode = Array("straße 日本語 émoji 😀 façade ΐ ok".utf8)

    // The reply buffer is allocated once, outside the measured loop, as the server's reply buffer is per datagram.
    for (name, payload) in [("64 B", ascii), ("64 KiB", Array(repeating: ascii, count: 1024).flatMap { $0 })] {
        Benchmark("uppercase ASCII \(name), the server's copy into a reply") { benchmark in
            let reply = UnsafeMutableRawBufferPointer.allocate(byteCount: payload.count, alignment: 8)
            defer { reply.deallocate() }
            for _ in benchmark.scaledIterations {
                blackHole(payload.withUnsafeBytes { Uppercasing.copyUppercasingASCII(from: $0, to: reply) })
            }
        }
    }

    Benchmark("uppercase ASCII 64 B, general path") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Uppercasing.uppercased(ascii)) }
    }

    Benchmark("uppercase non-ASCII 49 B") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Uppercasing.uppercased(unicode)) }
    }

    Benchmark("streaming decoder, 1 KiB in 7-byte reads") { benchmark in
        let stream = Array(repeating: unicode, count: 21).flatMap { $0 }.prefix(1024)
        for _ in benchmark.scaledIterations {
            var streaming = StreamingUppercaser()
            var index = stream.startIndex
            while index < stream.endIndex {
                let end = min(stream.endIndex, index + 7)
                blackHole(streaming.feed(stream[index..<end]))
                index = end
            }
            blackHole(streaming.finish())
        }
    }

    Benchmark("event channel: 64 events a batch, drained") { benchmark in
        let channel = EventChannel<ServerEvent>(capacity: 65_536)
        let peer = Endpoint(host: "127.0.0.1", port: 50_000)
        let batch = (0..<64).map { _ in ServerEvent(.received(.udp, peer: peer, payload: Payload(ascii))) }
        for _ in benchmark.scaledIterations {
            channel.send(contentsOf: batch)
            blackHole(channel.drain())
        }
    }

    screenBenchmarks()
}
