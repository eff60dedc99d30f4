import Foundation

/// The answer of the built-in `next-number` reference model: the next number, written the way
/// the question wrote its number (SPEC §4.4).
///
/// Digits keep their sign, grouping, leading zeros and number of decimals (`9,999` → `10,000`,
/// `-1` → `0`, `007` → `008`, `1.5` → `2.5`); a number with an exponent is answered in plain
/// digits. Words keep their sign word, hyphenation and capitals and never say "and"
/// (`ninety-nine` → `one hundred`, `Seven` → `Eight`). Roman numerals stay Roman in the same case
/// (`XLIX` → `L`, `iii` → `iv`). Anything else, or a next number that cannot be written that way
/// (past `MMMCMXCIX` or 999 trillion in words), gets an empty answer.
public enum NextNumber {
    /// The answer to one line; the whole trimmed line must be a number.
    public static func answer(to line: String) -> String {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if let number = NumberReader.wholeDigits(text), case .digits(let numeral) = number.form {
            return numeral.incremented() ?? ""
        }
        if let (value, style) = EnglishNumeral.read(text) {
            return EnglishNumeral.write(value + 1, style: style) ?? ""
        }
        if let (value, uppercase) = RomanNumeral.read(text) {
            return RomanNumeral.write(value + 1, uppercase: uppercase) ?? ""
        }
        return ""
    }

    /// The answer to a prompt: to its last non-empty line.
    public static func answer(toPrompt prompt: String) -> String {
        let lines = prompt.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        guard let last = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        return answer(to: String(last))
    }
}
