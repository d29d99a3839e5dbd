import ShoutCore

/// Turns what ncurses `wget_wch` returns into `Key`s.
///
/// It keeps a little state, because some keys take several inputs: ESC followed by a character is Alt with that
/// character, and escape sequences that the terminal description does not know (`ESC [ 1 ; 5 D`, Ctrl-← in many
/// terminals) arrive from ncurses byte by byte and are decoded here. When no more input is waiting, the caller must
/// call `flushPendingEscape()`: a lone ESC then becomes `.escape`.
///
/// Control characters never become `.character`; invalid scalars and unknown codes are ignored.
public struct KeyDecoder: Sendable {
    private enum State: Sendable {
        case ground
        case escape
        case sequence(introducer: Character, parameters: String)
        /// An over-long sequence: swallowed up to its final byte.
        case discarding
    }

    private static let standardKeyCodes: [Int32: Key] = [
        CursesKeyCode.down: .down, CursesKeyCode.up: .up, CursesKeyCode.left: .left, CursesKeyCode.right: .right,
        CursesKeyCode.home: .home, CursesKeyCode.end: .end, CursesKeyCode.backspace: .backspace,
        CursesKeyCode.deleteCharacter: .delete, CursesKeyCode.nextPage: .pageDown,
        CursesKeyCode.previousPage: .pageUp, CursesKeyCode.enter: .enter, CursesKeyCode.backTab: .backTab,
        CursesKeyCode.keypadA1: .home, CursesKeyCode.keypadA3: .pageUp, CursesKeyCode.keypadC1: .end,
        CursesKeyCode.keypadC3: .pageDown, CursesKeyCode.resize: .resize,
    ]

    /// Longest escape sequence accepted; anything longer is dropped as garbage.
    private static let maximumSequenceLength = 16

    private var state: State = .ground
    /// The bytes so far of a UTF-8 character arriving byte by byte (``RawInput/byte(_:)``).
    private var pendingUTF8: [UInt8] = []

    /// Key codes known only at run time (ncurses assigns codes to extended keys such as `kLFT5`, Ctrl-←).
    public var extendedKeys: [Int32: Key]

    /// A decoder; `extendedKeys` maps run-time key codes to keys.
    public init(extendedKeys: [Int32: Key] = [:]) {
        self.extendedKeys = extendedKeys
    }

    /// Whether an ESC (or the start of an escape sequence) is waiting for what follows.
    public var hasPendingEscape: Bool {
        if case .ground = state { return false }
        return true
    }

    /// The keys completed by one input (often one, sometimes none or two).
    public mutating func decode(_ input: RawInput) -> [Key] {
        switch input {
        case .keyCode(let code):
            pendingUTF8.removeAll()
            var keys: [Key] = []
            if let pending = flushPendingEscape() { keys.append(pending) }
            if let key = Self.standardKeyCodes[code] ?? extendedKeys[code] ?? Self.functionKey(code) {
                keys.append(key)
            }
            return keys
        case .character(let value):
            pendingUTF8.removeAll()
            guard let scalar = Unicode.Scalar(value) else { return [] }
            return decode(scalar)
        case .byte(let byte):
            return assemble(byte).map { decode($0) } ?? []
        }
    }

    /// Takes one byte of UTF-8; returns the scalar it completes. Bytes that are not UTF-8 are dropped (an unfinished
    /// character with them), so what follows them still arrives.
    private mutating func assemble(_ byte: UInt8) -> Unicode.Scalar? {
        if byte & 0xC0 == 0x80 {
            // A continuation byte: part of the character begun, or nothing.
            guard !pendingUTF8.isEmpty else { return nil }
            pendingUTF8.append(byte)
        } else {
            pendingUTF8 = [byte]
        }
        let lead = pendingUTF8[0]
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : 4
        guard lead < 0x80 || (0xC2...0xF4).contains(lead) else {
            pendingUTF8.removeAll()
            return nil
        }
        guard pendingUTF8.count == length else { return nil }
        defer { pendingUTF8.removeAll() }
        var decoder = UTF8()
        var iterator = pendingUTF8.makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return scalar
    }

    /// The keys completed by a run of inputs.
    public mutating func decode<Inputs: Sequence>(_ inputs: Inputs) -> [Key] where Inputs.Element == RawInput {
        var keys: [Key] = []
        for input in inputs { keys += decode(input) }
        return keys
    }

    /// Ends an unfinished escape: a lone ESC is `.escape`, a lone `ESC [` or `ESC O` is Alt-[ or Alt-O, a cut-off
    /// sequence is dropped. Call when no more input is waiting.
    public mutating func flushPendingEscape() -> Key? {
        defer { state = .ground }
        switch state {
        case .ground:
            return nil
        case .escape:
            return .escape
        case .sequence(let introducer, let parameters):
            return parameters.isEmpty ? .alt(introducer) : nil
        case .discarding:
            return nil
        }
    }

    private mutating func decode(_ scalar: Unicode.Scalar) -> [Key] {
        switch state {
        case .ground:
            if scalar == "\u{1B}" {
                state = .escape
                return []
            }
            return Self.plainKey(scalar).map { [$0] } ?? []
        case .escape:
            switch scalar {
            case "\u{1B}":
                return [.escape]  // the second ESC stays pending
            case "[", "O":
                state = .sequence(introducer: Character(scalar), parameters: "")
                return []
            default:
                state = .ground
                guard let key = Self.plainKey(scalar) else { return [.escape] }
                if case .character(let character) = key { return [.alt(character)] }
                return [.escape, key]
            }
        case .sequence(let introducer, var parameters):
            let value = scalar.value
            if introducer == "[", (0x20...0x3F).contains(value) {
                parameters.unicodeScalars.append(scalar)
                if parameters.unicodeScalars.count > Self.maximumSequenceLength {
                    state = .discarding
                } else {
                    state = .sequence(introducer: introducer, parameters: parameters)
                }
                return []
            }
            if (0x40...0x7E).contains(value) {
                state = .ground
                let final = Character(scalar)
                let key = introducer == "O" ? Self.ss3Key(final) : Self.csiKey(parameters: parameters, final: final)
                return key.map { [$0] } ?? []
            }
            // Not a sequence after all: drop what was collected and read this scalar afresh.
            state = .ground
            return decode(scalar)
        case .discarding:
            let value = scalar.value
            if (0x20...0x3F).contains(value) { return [] }
            state = .ground
            return (0x40...0x7E).contains(value) ? [] : decode(scalar)
        }
    }

    /// The key for one scalar outside any escape sequence, or nil if it is ignored.
    private static func plainKey(_ scalar: Unicode.Scalar) -> Key? {
        let value = scalar.value
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 0: return .control("@")
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 28: return .control("\\")
        case 29: return .control("]")
        case 30: return .control("^")
        case 31: return .control("_")
        default:
            if VisibleText.isControl(scalar) { return nil }
            return .character(Character(scalar))
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        let number = code - CursesKeyCode.f0
        guard (1...63).contains(number) else { return nil }
        return .function(Int(number))
    }

    /// `ESC O x`: keypad and F1–F4 in application mode.
    private static func ss3Key(_ final: Character) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "M": return .enter
        case "P": return .function(1)
        case "Q": return .function(2)
        case "R": return .function(3)
        case "S": return .function(4)
        default: return nil
        }
    }

    /// `ESC [ parameters final`: xterm-style cursor, editing and function keys, with modifiers.
    private static func csiKey(parameters: String, final: Character) -> Key? {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let first = numbers.first.flatMap { $0 } ?? 1
        let modifier = numbers.count > 1 ? (numbers[1] ?? 1) : 1
        let wordModifier = modifier > 1 && (modifier - 1) & 0b110 != 0  // Alt (2) or Ctrl (4)
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return wordModifier ? .ctrlRight : .right
        case "D": return wordModifier ? .ctrlLeft : .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "P", "Q", "R", "S":
            return .function(Int(final.asciiValue ?? 0) - Int(Character("P").asciiValue ?? 0) + 1)
        case "~":
            switch first {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case 11...15: return .function(first - 10)
            case 17...21: return .function(first - 11)
            case 23, 24: return .function(first - 12)
            default: return nil
            }
        default:
            return nil
        }
    }
}
