/// Upper-cases a byte stream that arrives in pieces (TCP reads), never splitting a character between two replies.
///
/// The concatenation of everything `feed` and `finish` return equals ``Uppercasing/uppercased(_:)`` of the whole
/// stream, however the stream was cut.
public struct StreamingUppercaser: Sendable {
    /// Bytes of a character that the last piece cut off (at most three).
    private var pending: [UInt8] = []

    public init() {}

    /// Whether a cut-off character is waiting for the rest of its bytes.
    public var hasPendingBytes: Bool { !pending.isEmpty }

    /// Upper-cases the next piece of the stream; a character cut off at its end is kept for the next piece.
    public mutating func feed<Bytes: Sequence>(_ piece: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        feed(piece, into: &output)
        return output
    }

    /// Appends the upper-cased next piece of the stream to `output`.
    public mutating func feed<Bytes: Sequence>(_ piece: Bytes, into output: inout [UInt8])
    where Bytes.Element == UInt8 {
        // Nothing held back (the usual case): upper-case the piece where it lies, with no copy in between.
        if pending.isEmpty {
            let done: Void? = piece.withContiguousStorageIfAvailable { buffer in
                output.reserveCapacity(output.count + buffer.count)
                let consumed = Uppercasing.appendUppercased(buffer, to: &output, isFinal: false)
                if consumed < buffer.count { pending = Array(buffer[consumed...]) }
            }
            if done != nil { return }
        }
        var input = pending
        input.append(contentsOf: piece)
        output.reserveCapacity(output.count + input.count)
        let consumed = input.withUnsafeBufferPointer {
            Uppercasing.appendUppercased($0, to: &output, isFinal: false)
        }
        pending = Array(input[consumed...])
    }

    /// Ends the stream: a character still cut off is passed through as the invalid bytes it is.
    public mutating func finish() -> [UInt8] {
        defer { pending = [] }
        return pending
    }
}
