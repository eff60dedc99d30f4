import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct NumberReaderTests {
    @Test(arguments: [
        ("42", "42"), ("-3", "-3"), ("+7", "7"), ("−5", "-5"), (" 12 \n", "12"),
        ("1,000", "1000"), ("10,100,000", "10100000"), ("1_000_000", "1000000"),
        ("3.25", "3.25"), ("-0.5", "-0.5"), (".5", "0.5"), ("1e3", "1000"), ("2.5E-2", "0.025"), ("-1.5e+3", "-1500"),
        ("007", "7"), ("12345678", "12345678"),
    ])
    func digits(text: String, expected: String) {
        #expect(NumberReader.whole(text)?.value == Decimal(string: expected))
    }

    @Test(arguments: [
        ("zero", 0), ("one", 1), ("seven", 7), ("thirteen", 13), ("twenty", 20), ("twenty-two", 22), ("twenty two", 22),
        ("eighty", 80), ("ninety nine", 99), ("one hundred", 100), ("one hundred one", 101), ("one hundred and one", 101),
        ("two hundred", 200), ("nine hundred ninety-nine", 999), ("one thousand", 1000), ("one thousand and one", 1001),
        ("ten thousand one hundred", 10100), ("minus three", -3), ("negative five", -5), ("minus zero", 0),
        ("One Hundred", 100), ("SEVEN", 7), ("Twenty-Two", 22),
        ("ten million one hundred thousand", 10_100_000),
        ("two billion three million four", 2_003_000_004),
        ("nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine", 999_999_999_999_999),
    ] as [(String, Int64)])
    func words(text: String, expected: Int64) {
        #expect(NumberReader.whole(text)?.value == Decimal(expected))
    }

    @Test(arguments: [
        "one one", "hundred", "twenty thirty", "thousand", "one thousand thousand", "one thousand million",
        "and one", "one hundred and", "minus", "zero one", "-five", "twenty-", "eleven hundred", "one million and one thousand",
        "twenty two.", "a", "ten apples",
    ])
    func notWords(text: String) {
        #expect(NumberReader.whole(text) == nil)
    }

    @Test(arguments: [
        ("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("XLIX", 49), ("XC", 90), ("CD", 400), ("CM", 900),
        ("MCMXCIV", 1994), ("MMMCMXCIX", 3999), ("iv", 4), ("mmxxiv", 2024),
    ])
    func roman(text: String, expected: Int) {
        #expect(NumberReader.whole(text)?.value == Decimal(expected))
        #expect(RomanNumeral.write(expected) == text.uppercased())
    }

    @Test(arguments: ["IIII", "VV", "IC", "IM", "XXXX", "MMMM", "Iv", "VX", "LL", "DM", "IIX"])
    func invalidRoman(text: String) {
        #expect(RomanNumeral.read(text) == nil)
        #expect(NumberReader.whole(text) == nil)
    }

    @Test(arguments: [
        ("The answer is 42.", "42"), ("about -3 degrees", "-3"), ("x-3", "3"), ("2024-01-05", "2024"),
        ("I think it is 1,001 or so", "1001"), ("list: 1,2,3", "1"), ("v2.5 is out", "2.5"), ("costs 1_000 coins", "1000"),
        ("ten, or 11", "11"), ("1,0000", "1"), ("total 3e2 items", "300"), ("4. Done", "4"),
    ])
    func firstNumberInDigits(text: String, expected: String) {
        #expect(NumberReader.number(in: text) == Decimal(string: expected))
    }

    @Test(arguments: ["a", "", "   ", "no numbers here", "ten apples", "Forty-two.", "I am"])
    func noNumber(text: String) {
        #expect(NumberReader.number(in: text) == nil)
    }

    @Test func wholeBeatsFirstInDigits() {
        #expect(NumberReader.number(in: "I") == 1)
        #expect(NumberReader.number(in: " one hundred one ") == 101)
    }

    @Test func grouping() {
        guard case .digits(let numeral)? = NumberReader.whole("-1,234.50")?.form else {
            Issue.record("not read as digits")
            return
        }
        #expect(numeral.sign == "-")
        #expect(numeral.integerDigits == "1234")
        #expect(numeral.separator == ",")
        #expect(numeral.fractionDigits == "50")
    }
}
