/// English number words (`one hundred one`, `minus three`, `twenty-two`), read and written,
/// from minus to plus 999 trillion.
public enum EnglishNumeral {
    /// How a number was written in words, so the next one can be written alike.
    public struct Style: Sendable, Equatable {
        public enum Capitalization: Sendable, Equatable {
            /// `one hundred`
            case lower
            /// `One hundred`
            case sentence
            /// `One Hundred`
            case title
            /// `ONE HUNDRED`
            case upper
        }

        /// `minus` or `negative`, as the input said it.
        public var signWord: String
        /// Tens and units joined with a hyphen (`twenty-two`) rather than a space.
        public var hyphenated: Bool
        public var capitalization: Capitalization

        public init(signWord: String = "minus", hyphenated: Bool = false, capitalization: Capitalization = .lower) {
            self.signWord = signWord
            self.hyphenated = hyphenated
            self.capitalization = capitalization
        }
    }

    static let units = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    static let scales: [(word: String, value: Int64)] = [
        ("trillion", 1_000_000_000_000), ("billion", 1_000_000_000), ("million", 1_000_000), ("thousand", 1_000),
    ]
    /// The largest magnitude that can be written.
    public static let limit: Int64 = 999_999_999_999_999

    /// Reads text that is wholly a number in words; case-insensitive, words separated by spaces or
    /// hyphens, `and` tolerated after `hundred` or a scale word (`one hundred and one`).
    public static func read(_ text: String) -> (value: Int64, style: Style)? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = trimmed.lowercased().split { $0 == " " || $0 == "-" || $0 == "\t" }.map(String.init)
        guard !words.isEmpty, !trimmed.hasPrefix("-"), !trimmed.hasSuffix("-"),
            trimmed.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "\t" })
        else { return nil }
        var style = Style(hyphenated: hasHyphenatedTens(trimmed.lowercased()), capitalization: capitalization(of: trimmed))
        var index = 0
        var negative = false
        if words[0] == "minus" || words[0] == "negative" {
            negative = true
            style.signWord = words[0]
            index = 1
        }
        guard index < words.count else { return nil }
        if words[index] == "zero" {
            return index + 1 == words.count ? (0, style) : nil
        }
        var total: Int64 = 0
        var lastScale = Int64.max
        while index < words.count {
            let afterAnd = words[index] == "and"
            if afterAnd {
                guard lastScale != Int64.max else { return nil }
                index += 1
            }
            guard let (group, next) = readGroup(words, at: index, afterAnd: afterAnd) else { return nil }
            index = next
            if index < words.count, let scale = scales.first(where: { $0.word == words[index] })?.value {
                guard scale < lastScale, !afterAnd else { return nil }
                total += group * scale
                lastScale = scale
                index += 1
            } else {
                guard index == words.count else { return nil }
                total += group
            }
        }
        return (negative ? -total : total, style)
    }

    /// One group below a thousand: `[unit hundred] [and] [tens[-unit] | teen | unit]`.
    private static func readGroup(_ words: [String], at start: Int, afterAnd: Bool) -> (Int64, Int)? {
        var index = start
        var value: Int64 = 0
        if index + 1 < words.count, words[index + 1] == "hundred", let unit = units.firstIndex(of: words[index]), (1...9).contains(unit) {
            if afterAnd { return nil }
            value = Int64(unit) * 100
            index += 2
            if index + 1 < words.count, words[index] == "and", isBelowHundredWord(words[index + 1]) { index += 1 }
        }
        if index < words.count, let ten = tens.firstIndex(of: words[index]), ten >= 2 {
            value += Int64(ten) * 10
            index += 1
            if index < words.count, let unit = units.firstIndex(of: words[index]), (1...9).contains(unit) {
                value += Int64(unit)
                index += 1
            }
        } else if index < words.count, let unit = units.firstIndex(of: words[index]), unit >= 1 {
            value += Int64(unit)
            index += 1
        }
        if afterAnd, value >= 100 { return nil }
        return value > 0 ? (value, index) : nil
    }

    private static func isBelowHundredWord(_ word: String) -> Bool {
        (units.firstIndex(of: word).map { $0 >= 1 } ?? false) || (tens.firstIndex(of: word).map { $0 >= 2 } ?? false)
    }

    private static func hasHyphenatedTens(_ text: String) -> Bool {
        tens.dropFirst(2).contains { text.contains($0 + "-") }
    }

    private static func capitalization(of text: String) -> Style.Capitalization {
        let letters = text.filter(\.isLetter)
        if letters.count > 1, letters.allSatisfy(\.isUppercase) { return .upper }
        let words = text.split { !$0.isLetter }
        guard let first = words.first?.first, first.isUppercase else { return .lower }
        if words.count > 1, words.allSatisfy({ $0.first?.isUppercase == true }) { return .title }
        return .sentence
    }

    /// The number in words in the given style, without "and"; nil beyond ±999 trillion.
    public static func write(_ value: Int64, style: Style = Style()) -> String? {
        guard value.magnitude <= UInt64(limit) else { return nil }
        var words: [String] = []
        if value < 0 { words.append(style.signWord) }
        var rest = Int64(value.magnitude)
        if rest == 0 { words.append("zero") }
        for scale in scales where rest >= scale.value {
            words += groupWords(rest / scale.value, hyphenated: style.hyphenated) + [scale.word]
            rest %= scale.value
        }
        if rest > 0 { words += groupWords(rest, hyphenated: style.hyphenated) }
        let text = words.joined(separator: " ")
        switch style.capitalization {
        case .lower: return text
        case .upper: return text.uppercased()
        case .sentence: return text.prefix(1).uppercased() + text.dropFirst()
        case .title:
            var out = ""
            for character in text {
                out += out.isEmpty || out.hasSuffix(" ") || out.hasSuffix("-") ? character.uppercased() : String(character)
            }
            return out
        }
    }

    private static func groupWords(_ value: Int64, hyphenated: Bool) -> [String] {
        var words: [String] = []
        let hundreds = Int(value / 100), below = Int(value % 100)
        if hundreds > 0 { words += [units[hundreds], "hundred"] }
        if below >= 20 {
            let unit = below % 10
            if unit == 0 {
                words.append(tens[below / 10])
            } else if hyphenated {
                words.append(tens[below / 10] + "-" + units[unit])
            } else {
                words += [tens[below / 10], units[unit]]
            }
        } else if below > 0 {
            words.append(units[below])
        }
        return words
    }
}
