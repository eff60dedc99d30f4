import Foundation

/// Reads numbers from model output the way the `numeric` matcher does (SPEC §4.2).
public enum NumberReader {
    /// The number of an output: the whole trimmed text when it is a number written in digits, in
    /// English words or as a Roman numeral; otherwise the first number written in digits in it.
    public static func number(in text: String) -> Decimal? {
        (whole(text) ?? firstInDigits(text))?.value
    }

    /// The number that the whole trimmed text is, in digits, English words or Roman numerals.
    public static func whole(_ text: String) -> WrittenNumber? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let digits = wholeDigits(trimmed) { return digits }
        if let (value, style) = EnglishNumeral.read(trimmed) {
            return WrittenNumber(value: Decimal(value), form: .words(style))
        }
        if let (value, uppercase) = RomanNumeral.read(trimmed) {
            return WrittenNumber(value: Decimal(value), form: .roman(uppercase: uppercase))
        }
        return nil
    }

    /// The number that the whole trimmed text is when written in digits (`-1,000.5`, `2e3`).
    public static func wholeDigits(_ text: String) -> WrittenNumber? {
        let scalars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        guard let (numeral, end) = DigitNumeral.scan(scalars, at: 0), end == scalars.count, let value = numeral.value else { return nil }
        return WrittenNumber(value: value, form: .digits(numeral))
    }

    /// The first number written in digits anywhere in the text. A sign counts only when it does
    /// not follow a letter or digit (`x-3` holds 3, `is -3` holds -3).
    public static func firstInDigits(_ text: String) -> WrittenNumber? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let startsNumber = ("0"..."9").contains(scalar) || "+-−.".unicodeScalars.contains(scalar)
            let afterWord = index > 0 && (CharacterSet.alphanumerics.contains(scalars[index - 1]))
            let isSign = "+-−".unicodeScalars.contains(scalar)
            if startsNumber, !(isSign && afterWord), !(scalar == "." && afterWord),
                let (numeral, end) = DigitNumeral.scan(scalars, at: index)
            {
                if let value = numeral.value { return WrittenNumber(value: value, form: .digits(numeral)) }
                index = end
                continue
            }
            index += 1
        }
        return nil
    }
}
