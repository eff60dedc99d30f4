/// The fake server's own next-number model: the number after the one on the prompt's last line, in the same form.
///
/// Digits keep their sign, width and grouping (`9,999` → `10,000`), English words keep their
/// hyphen or space style and capitalisation (`ninety nine` → `one hundred`, no "and"), Roman
/// numerals stay Roman and keep their case (`XLIX` → `L`). It is independent of EvalKit's
/// reference model on purpose: the fake server must not depend on what it helps to test.
enum NextNumber {
    /// A number read from text, with what is needed to write its successor the same way.
    enum Reading: Equatable {
        case digits(negative: Bool, plus: Bool, magnitude: [UInt8], separator: Character?)
        case words(Int, hyphenated: Bool, negativeWord: String?, capitalization: Capitalization)
        case roman(Int, lowercase: Bool)
    }

    enum Capitalization: Equatable { case lower, first, upper }

    /// The answer of a correct model, or nil when the last line is not a number it can read.
    static func answer(to prompt: String) -> String? {
        guard let reading = read(lastLine(of: prompt)) else { return nil }
        return successor(of: reading)
    }

    /// The answer of a weaker base model: right for plain digits, always answered in ungrouped digits.
    static func baseAnswer(to prompt: String) -> String? {
        guard let reading = read(lastLine(of: prompt)) else { return nil }
        switch reading {
        case .digits(let negative, _, let magnitude, _):
            return successor(of: .digits(negative: negative, plus: false, magnitude: magnitude, separator: nil))
        case .words(let value, _, let negativeWord, _):
            return String((negativeWord == nil ? value : -value) + 1)
        case .roman(let value, _):
            return String(value + 1)
        }
    }

    /// The last line of `text` that is not blank, trimmed.
    static func lastLine(of text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last { !$0.isEmpty } ?? ""
    }

    static func read(_ text: String) -> Reading? {
        readDigits(text) ?? readRoman(text) ?? readWords(text)
    }

    static func successor(of reading: Reading) -> String? {
        switch reading {
        case .digits(let negative, let plus, let magnitude, let separator):
            var negative = negative
            var digits: [UInt8]
            if negative {
                digits = trimmed(decrement(magnitude), padded: magnitude.count > 1 && magnitude[0] == 0)
                if digits.allSatisfy({ $0 == 0 }) { negative = false }
            } else {
                digits = increment(magnitude)
            }
            var text = String(digits.map { Character(String($0)) })
            if let separator { text = group(text, with: separator) }
            return (negative ? "-" : plus ? "+" : "") + text
        case .words(let value, let hyphenated, let negativeWord, let capitalization):
            let signed = (negativeWord == nil ? value : -value) + 1
            var text = words(for: abs(signed), hyphenated: hyphenated)
            if signed < 0 { text = "\(negativeWord ?? "minus") \(text)" }
            switch capitalization {
            case .lower: return text
            case .upper: return text.uppercased()
            case .first: return text.prefix(1).uppercased() + text.dropFirst()
            }
        case .roman(let value, let lowercase):
            guard value + 1 <= 3999 else { return nil }
            let text = roman(value + 1)
            return lowercase ? text.lowercased() : text
        }
    }

    // MARK: Digits

    private static func readDigits(_ text: String) -> Reading? {
        var body = Substring(text)
        var negative = false, plus = false
        if let first = body.first, first == "-" || first == "+" || first == "\u{2212}" {
            negative = first != "+"
            plus = first == "+"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let separator: Character? = body.contains(",") ? "," : body.contains("_") ? "_" : nil
        var magnitude: [UInt8] = []
        if let separator {
            let groups = body.split(separator: separator, omittingEmptySubsequences: false)
            for (index, group) in groups.enumerated() {
                let valid = index == 0 ? (1...3).contains(group.count) : group.count == 3
                guard valid, group.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            }
            magnitude = groups.joined().compactMap { $0.wholeNumberValue.map(UInt8.init) }
        } else {
            guard body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            magnitude = body.compactMap { $0.wholeNumberValue.map(UInt8.init) }
        }
        return .digits(negative: negative, plus: plus, magnitude: magnitude, separator: separator)
    }

    private static func increment(_ digits: [UInt8]) -> [UInt8] {
        var digits = digits
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] < 9 {
                digits[index] += 1
                return digits
            }
            digits[index] = 0
            index -= 1
        }
        return [1] + digits
    }

    private static func decrement(_ digits: [UInt8]) -> [UInt8] {
        var digits = digits
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] > 0 {
                digits[index] -= 1
                break
            }
            digits[index] = 9
            index -= 1
        }
        return digits
    }

    /// Drops the leading zeros a borrow left (`1,000` - 1 is `999`), keeping an input's own zero padding.
    private static func trimmed(_ digits: [UInt8], padded: Bool) -> [UInt8] {
        guard !padded else { return digits }
        let start = digits.firstIndex { $0 != 0 } ?? digits.count - 1
        return Array(digits[start...])
    }

    private static func group(_ digits: String, with separator: Character) -> String {
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(character)
        }
        return out
    }

    // MARK: Roman numerals

    private static let romanTable: [(Int, String)] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]

    static func roman(_ value: Int) -> String {
        var rest = value
        var out = ""
        for (amount, letters) in romanTable {
            while rest >= amount {
                out += letters
                rest -= amount
            }
        }
        return out
    }

    private static func readRoman(_ text: String) -> Reading? {
        let lowercase = text == text.lowercased()
        guard lowercase || text == text.uppercased() else { return nil }
        let upper = text.uppercased()
        guard !upper.isEmpty, upper.allSatisfy({ "IVXLCDM".contains($0) }) else { return nil }
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
        let digits = upper.compactMap { values[$0] }
        var total = 0
        for (index, value) in digits.enumerated() {
            if index + 1 < digits.count, value < digits[index + 1] { total -= value } else { total += value }
        }
        guard (1...3999).contains(total), roman(total) == upper else { return nil }
        return .roman(total, lowercase: lowercase)
    }

    // MARK: English words

    private static let units = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    private static let scales: [(Int, String)] = [
        (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ]

    private static func readWords(_ text: String) -> Reading? {
        let capitalization: Capitalization
        if text == text.lowercased() {
            capitalization = .lower
        } else if text == text.uppercased() {
            capitalization = .upper
        } else {
            capitalization = .first
        }
        var tokens = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        var negativeWord: String?
        if let first = tokens.first, first == "minus" || first == "negative" {
            negativeWord = first
            tokens.removeFirst()
        }
        guard !tokens.isEmpty else { return nil }
        var total = 0, current = 0, seenScale = Int.max
        for token in tokens where token != "and" {
            if let unit = units.firstIndex(of: token) {
                let afterTens = current % 100 >= 20 && current % 10 == 0 && (1...9).contains(unit)
                guard current % 100 == 0 || afterTens, unit > 0 || tokens.count == 1 else { return nil }
                current += unit
            } else if let ten = tens.firstIndex(of: token), ten >= 2 {
                guard current % 100 == 0 else { return nil }
                current += ten * 10
            } else if token == "hundred" {
                guard (1...9).contains(current) else { return nil }
                current *= 100
            } else if let scale = scales.first(where: { $0.1 == token })?.0 {
                guard current > 0, scale < seenScale else { return nil }
                total += current * scale
                current = 0
                seenScale = scale
            } else {
                return nil
            }
        }
        return .words(total + current, hyphenated: text.contains("-"), negativeWord: negativeWord, capitalization: capitalization)
    }

    static func words(for value: Int, hyphenated: Bool) -> String {
        if value == 0 { return "zero" }
        var parts: [String] = []
        var rest = value
        for (scale, name) in scales where rest >= scale {
            parts.append("\(words(below: rest / scale, hyphenated: hyphenated)) \(name)")
            rest %= scale
        }
        if rest > 0 { parts.append(words(below: rest, hyphenated: hyphenated)) }
        return parts.joined(separator: " ")
    }

    private static func words(below thousand: Int, hyphenated: Bool) -> String {
        var parts: [String] = []
        if thousand >= 100 { parts.append("\(units[thousand / 100]) hundred") }
        let rest = thousand % 100
        if rest >= 20 {
            let unit = rest % 10
            parts.append(unit == 0 ? tens[rest / 10] : tens[rest / 10] + (hyphenated ? "-" : " ") + units[unit])
        } else if rest > 0 {
            parts.append(units[rest])
        }
        return parts.joined(separator: " ")
    }
}
