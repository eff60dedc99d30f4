import Testing
@testable import FakeModelServer

@Suite struct NextNumberTests {
    @Test(arguments: [
        ("1", "2"), ("41", "42"), ("99", "100"), ("9,999", "10,000"), ("10,100,000", "10,100,001"),
        ("1_000", "1_001"), ("-1", "0"), ("-10", "-9"), ("-1,000", "-999"), ("+5", "+6"), ("007", "008"),
        ("123456789012345678901234567890", "123456789012345678901234567891"),
        ("ninety nine", "one hundred"), ("twenty-two", "twenty-three"), ("one hundred", "one hundred one"),
        ("one hundred and nine", "one hundred ten"), ("Nine", "Ten"), ("NINETEEN", "TWENTY"), ("zero", "one"),
        ("minus one", "zero"), ("minus three", "minus two"), ("negative twenty-one", "negative twenty"),
        ("nine hundred ninety-nine thousand nine hundred ninety-nine", "one million"),
        ("two million three", "two million four"),
        ("XLIX", "L"), ("III", "IV"), ("iii", "iv"), ("MMMCMXCVIII", "MMMCMXCIX"),
        ("Continue the sequence:\n40\n41\n\n", "42"),
    ])
    func answersTheNextNumberInTheSameForm(prompt: String, expected: String) {
        #expect(NextNumber.answer(to: prompt) == expected)
    }

    @Test(arguments: ["", "hello", "IIII", "MMMCMXCIX", "1,00", "12,3456", "one one", "hundred", "twenty twenty", "1.5", "Xi"])
    func cannotReadOtherText(prompt: String) {
        #expect(NextNumber.answer(to: prompt) == nil)
    }

    @Test(arguments: [("41", "42"), ("9,999", "10000"), ("ninety nine", "100"), ("XLIX", "50"), ("minus three", "-2"), ("-5", "-4")])
    func baseModelAnswersUngroupedDigits(prompt: String, expected: String) {
        #expect(NextNumber.baseAnswer(to: prompt) == expected)
    }
}
