/// A printed line cut into words, numbers and symbols, for ``PingLineReading``'s heuristics.
enum PrintedTokens {
    /// A number as printed: its value and whether it has no fraction.
    struct Number: Equatable {
        var value: Double
        var isWhole: Bool
    }

    /// One token: a word (letters, `_`), a number, or one other character.
    struct Token: Equatable {
        var word: String?
        var number: Number?
        var symbol: String?
    }

    /// A number read as a time: its token's index, the measure, and whether a `%` follows it.
    struct Found {
        var index: Int
        var measure: PrintedMeasure
        var isPercent: Bool
    }

    /// The tokens of `text` (already lower-cased); spaces separate, and are dropped.
    static func split(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
            } else if isDigit(scalar) || (scalar == "." && index + 1 < scalars.count && isDigit(scalars[index + 1])) {
                var end = index
                var seenPoint = false
                while end < scalars.count, isDigit(scalars[end]) || (scalars[end] == "." && !seenPoint) {
                    if scalars[end] == "." {
                        guard end + 1 < scalars.count, isDigit(scalars[end + 1]) else { break }
                        seenPoint = true
                    }
                    end += 1
                }
                // An exponent, as Python prints small floats: 4.6e-05.
                if end + 1 < scalars.count, scalars[end] == "e" {
                    var digits = end + 1
                    if scalars[digits] == "-" || scalars[digits] == "+" { digits += 1 }
                    if digits < scalars.count, isDigit(scalars[digits]) {
                        end = digits
                        while end < scalars.count, isDigit(scalars[end]) { end += 1 }
                    }
                }
                let text = String(String.UnicodeScalarView(scalars[index..<end]))
                let value = Double(text) ?? 0
                tokens.append(Token(number: Number(value: value, isWhole: !seenPoint && !text.contains("e"))))
                index = end
            } else if scalar.properties.isAlphabetic || scalar == "_" {
                var end = index
                while end < scalars.count, scalars[end].properties.isAlphabetic || scalars[end] == "_" { end += 1 }
                tokens.append(Token(word: String(String.UnicodeScalarView(scalars[index..<end]))))
                index = end
            } else {
                tokens.append(Token(symbol: String(scalar)))
                index += 1
            }
        }
        return tokens
    }

    /// The numbers that may be times (not a time since the epoch), each with the unit that follows it.
    static func measures(_ tokens: [Token]) -> [Found] {
        var found: [Found] = []
        for (index, token) in tokens.enumerated() {
            guard let number = token.number, abs(number.value) < 1e8 else { continue }
            let sign = index > 0 && tokens[index - 1].symbol == "-" ? -1.0 : 1.0
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            let unit = next?.word.flatMap(unit(named:)) ?? .unlabelled
            let isPercent = next?.symbol == "%"
            found.append(
                Found(
                    index: index,
                    measure: PrintedMeasure(value: sign * number.value, unit: unit),
                    isPercent: isPercent
                )
            )
        }
        return found
    }

    /// The unit a word names, if it names one.
    static func unit(named word: String) -> PrintedMeasure.Unit? {
        switch word {
        case "ms", "msec", "msecs", "millisecond", "milliseconds", "millis": .milliseconds
        case "s", "sec", "secs", "second", "seconds": .seconds
        case "us", "µs", "μs", "usec", "usecs", "microsecond", "microseconds": .microseconds
        default: nil
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
