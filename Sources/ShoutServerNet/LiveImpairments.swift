import ShoutCore
import Synchronization

/// The impairments the UDP loop applies now, changed while the server runs (the screen's keys): one atomic word,
/// stored once per change and read once per batch of datagrams, so a change is never seen half made.
public final class LiveImpairments: Sendable {
    private let word: Atomic<UInt64>

    /// Starts with `impairments`.
    public init(_ impairments: Impairments = Impairments()) {
        word = Atomic(Self.pack(impairments))
    }

    /// The impairments now.
    public var current: Impairments { Self.unpack(word.load(ordering: .relaxed)) }

    /// Applies `impairments` from the next batch on.
    public func set(_ impairments: Impairments) {
        word.store(Self.pack(impairments), ordering: .relaxed)
    }

    /// Drop in the low 8 bits, delay in the next 24, jitter in the 24 above (each at most 60,000).
    static func pack(_ impairments: Impairments) -> UInt64 {
        UInt64(impairments.drop) | UInt64(impairments.delay) << 8 | UInt64(impairments.jitter) << 32
    }

    static func unpack(_ word: UInt64) -> Impairments {
        Impairments(
            drop: Int(word & 0xFF),
            delay: Int(word >> 8 & 0xFF_FFFF),
            jitter: Int(word >> 32 & 0xFF_FFFF)
        )
    }
}
