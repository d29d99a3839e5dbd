import Testing

@testable import ShoutCore

@Suite struct EventChannelTests {
    /// Waits until `condition` holds, for at most `timeout`; whether it did.
    static func waitUntil(within timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    @Test("a full channel drops the oldest events and counts them")
    func bounded() {
        let channel = EventChannel<Int>(capacity: 3)
        channel.send(contentsOf: 1...5)
        let batch = channel.drain()
        #expect(batch.events == [3, 4, 5])
        #expect(batch.dropped == 2)
        #expect(channel.drain().events.isEmpty)
        #expect(channel.drain().dropped == 0)
    }

    @Test("events missed before they were offered (a capture's kernel drops) count in the next batch, once")
    func countMissed() {
        let channel = EventChannel<Int>(capacity: 3)
        channel.send(1)
        channel.countMissed(5)
        let batch = channel.drain()
        #expect(batch.events == [1])
        #expect(batch.dropped == 5)
        #expect(channel.drain().dropped == 0)
    }

    @Test("a full channel drops a quarter of its capacity at once, the oldest, and counts them")
    func droppedInQuarters() {
        let channel = EventChannel<Int>(capacity: 8)
        channel.send(contentsOf: 1...8)
        channel.send(9)
        var batch = channel.drain()
        #expect(batch.events == Array(3...9))
        #expect(batch.dropped == 2)
        // One at a time past the capacity: nothing dropped up to the eighth, two at the ninth, two at the eleventh.
        for value in 1...11 { channel.send(value) }
        batch = channel.drain()
        #expect(batch.events == Array(5...11))
        #expect(batch.dropped == 4)
    }

    @Test("a waiting consumer gets the next batch; after finish it gets nil")
    func awaiting() async {
        let channel = EventChannel<Int>()
        let consumer = Task { await channel.next() }
        // The consumer has parked itself before anything is sent, so this is the waiting path for certain.
        #expect(await Self.waitUntil { channel.hasWaiter })
        channel.send(contentsOf: [1, 2])
        let woken = await Self.waitUntil { !channel.hasWaiter }
        #expect(woken, "the send did not wake the waiting consumer")
        if !woken { channel.finish() }
        #expect(await consumer.value?.events == [1, 2])
        channel.finish()
        #expect(await channel.next() == nil)
    }

    @Test("waiting with a timeout gives an empty batch when nothing comes")
    func timeout() async {
        let channel = EventChannel<Int>()
        let batch = await channel.next(timeout: .milliseconds(30))
        #expect(batch?.events == [])
        channel.send(7)
        #expect(await channel.next(timeout: .seconds(5))?.events == [7])
    }

    @Test("many producers, one consumer: nothing lost below capacity")
    func concurrentProducers() async {
        let channel = EventChannel<Int>(capacity: 100_000)
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<8 {
                group.addTask { for index in 0..<1000 { channel.send(producer * 1000 + index) } }
            }
        }
        let batch = channel.drain()
        #expect(Set(batch.events).count == 8000)
        #expect(batch.dropped == 0)
    }
}

@Suite struct EventBudgetTests {
    @Test("past its budget a producer is refused, and the refused events are counted in the next batch")
    func budget() {
        let channel = EventChannel<Int>(eventsPerSecond: 100)
        var admitted = 0
        let started = ContinuousClock.now
        for index in 0..<50 where channel.admit() {
            channel.send(index)
            admitted += 1
        }
        // 100 a second is 10 per tenth of a second: the loop may span a tenth or two more on a busy machine.
        let elapsed = started.duration(to: .now).components
        let tenths = Int(elapsed.seconds) * 10 + Int(elapsed.attoseconds / 100_000_000_000_000_000) + 2
        #expect(admitted <= 10 * tenths)
        #expect(admitted >= 10)
        let batch = channel.drain()
        #expect(batch.events.count == admitted)
        #expect(batch.dropped == 50 - admitted)
        #expect(channel.drain().dropped == 0)
    }

    @Test("without a budget every event is admitted")
    func unlimited() {
        let channel = EventChannel<Int>()
        #expect((0..<10_000).allSatisfy { _ in channel.admit() })
    }
}
