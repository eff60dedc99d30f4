import Foundation

/// A number written in digits: sign, integer digits with optional thousands separators,
/// decimals and exponent, as it appeared in the text.
public struct DigitNumeral: Sendable, Equatable {
    /// The sign as written: `-`, `+`, `−` (U+2212), or nil.
    public var sign: Character?
    /// The integer digits without separators; empty for `.5`.
    public var integerDigits: String
    /// `,` or `_` when the integer part was grouped in threes.
    public var separator: Character?
    /// The digits after the decimal point, nil when there is no point.
    public var fractionDigits: String?
    /// The exponent after `e` or `E`.
    public var exponent: Int?

    public var isNegative: Bool { sign == "-" || sign == "−" }

    /// The exact value.
    public var value: Decimal? {
        var text = isNegative ? "-" : ""
        text += integerDigits.isEmpty ? "0" : integerDigits
        if let fractionDigits { text += "." + fractionDigits }
        if let exponent { text += "e\(exponent)" }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Reads a numeral starting exactly at `start`; returns it with the index just past it.
    static func scan(_ s: [Unicode.Scalar], at start: Int) -> (numeral: DigitNumeral, end: Int)? {
        var i = start
        var numeral = DigitNumeral(sign: nil, integerDigits: "", separator: nil, fractionDigits: nil, exponent: nil)
        func isDigit(_ index: Int) -> Bool { index < s.count && ("0"..."9").contains(s[index]) }
        func digitRun(from index: Int) -> Int {
            var end = index
            while isDigit(end) { end += 1 }
            return end
        }
        if i < s.count, s[i] == "-" || s[i] == "+" || s[i] == "−" {
            guard isDigit(i + 1) || (i + 1 < s.count && s[i + 1] == "." && isDigit(i + 2)) else { return nil }
            numeral.sign = Character(s[i])
            i += 1
        }
        let intEnd = digitRun(from: i)
        numeral.integerDigits = String(String.UnicodeScalarView(s[i..<intEnd]))
        i = intEnd
        if (1...3).contains(numeral.integerDigits.count), i < s.count, s[i] == "," || s[i] == "_" {
            let separator = s[i]
            while i < s.count, s[i] == separator, isDigit(i + 1), digitRun(from: i + 1) == i + 4 {
                numeral.integerDigits += String(String.UnicodeScalarView(s[(i + 1)..<(i + 4)]))
                numeral.separator = Character(separator)
                i += 4
            }
        }
        if i < s.count, s[i] == ".", isDigit(i + 1) {
            let fractionEnd = digitRun(from: i + 1)
            numeral.fractionDigits = String(String.UnicodeScalarView(s[(i + 1)..<fractionEnd]))
            i = fractionEnd
        }
        guard !numeral.integerDigits.isEmpty || numeral.fractionDigits != nil else { return nil }
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            var negative = false
            if j < s.count, s[j] == "-" || s[j] == "+" {
                negative = s[j] == "-"
                j += 1
            }
            let exponentEnd = digitRun(from: j)
            if exponentEnd > j, exponentEnd - j <= 6, let magnitude = Int(String(String.UnicodeScalarView(s[j..<exponentEnd]))) {
                numeral.exponent = negative ? -magnitude : magnitude
                i = exponentEnd
            }
        }
        return (numeral, i)
    }

    /// The next number (this one plus one) written the same way: same sign style, grouping,
    /// leading-zero width and number of decimals. A numeral with an exponent is answered in plain digits.
    public func incremented() -> String? {
        if exponent != nil {
            guard let value else { return nil }
            return (value + 1).description
        }
        let scale = fractionDigits?.count ?? 0
        let magnitude = DecimalDigits.trimmed(integerDigits + (fractionDigits ?? ""))
        let step = "1" + String(repeating: "0", count: scale)
        var negative = false
        var result: String
        if !isNegative {
            result = DecimalDigits.add(magnitude, step)
        } else if DecimalDigits.compare(magnitude, step) == .orderedDescending {
            result = DecimalDigits.subtract(magnitude, step)
            negative = true
        } else {
            result = DecimalDigits.subtract(step, magnitude)
        }
        if result.count <= scale { result = String(repeating: "0", count: scale - result.count + 1) + result }
        var integer = String(result.dropLast(scale))
        let fraction = String(result.suffix(scale))
        if integerDigits.count > 1, integerDigits.hasPrefix("0"), integer.count < integerDigits.count {
            integer = String(repeating: "0", count: integerDigits.count - integer.count) + integer
        }
        if let separator { integer = Self.grouped(integer, by: separator) }
        var text = ""
        if negative {
            text.append(isNegative ? sign! : "-")
        } else if sign == "+", result.contains(where: { $0 != "0" }) {
            text.append("+")
        }
        text += integer
        if fractionDigits != nil { text += "." + fraction }
        return text
    }

    static func grouped(_ digits: String, by separator: Character) -> String {
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(digit)
        }
        return out
    }
}
