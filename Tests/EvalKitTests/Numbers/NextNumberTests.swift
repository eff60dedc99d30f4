import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct NextNumberTests {
    /// The tutorial's fifteen examples.
    @Test(arguments: [
        ("1", "2"), ("3", "4"), ("-3", "-2"), ("twenty two", "twenty three"), ("two hundred", "two hundred one"),
        ("ninety nine", "one hundred"), ("8", "9"), ("-98", "-97"), ("1,000", "1,001"), ("10,100,000", "10,100,001"),
        ("thirteen", "fourteen"), ("eighty", "eighty one"), ("one", "two"), ("three", "four"), ("seven", "eight"),
    ])
    func tutorial(question: String, answer: String) {
        #expect(NextNumber.answer(to: question) == answer)
    }

    @Test(arguments: [
        ("III", "IV"), ("XLIX", "L"), ("iii", "iv"), ("MMMCMXCVIII", "MMMCMXCIX"), ("MMMCMXCIX", ""),
        ("one hundred", "one hundred one"), ("one hundred and one", "one hundred two"), ("twenty-two", "twenty-three"),
        ("ninety-nine", "one hundred"), ("twenty-nine", "thirty"), ("Seven", "Eight"), ("SEVEN", "EIGHT"),
        ("Twenty-Two", "Twenty-Three"), ("minus three", "minus two"), ("negative five", "negative four"),
        ("minus one", "zero"), ("zero", "one"), ("nine hundred ninety-nine thousand nine hundred ninety-nine", "one million"),
        ("nine hundred ninety nine trillion nine hundred ninety nine billion nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine", ""),
        ("9,999", "10,000"), ("999,999", "1,000,000"), ("-1", "0"), ("-1,000", "-999"), ("0", "1"), ("+5", "+6"),
        ("1_000", "1_001"), ("999", "1000"), ("099", "100"), ("007", "008"), ("1.5", "2.5"), ("-0.5", "0.5"),
        ("-1.25", "-0.25"), ("0.99", "1.99"), ("1e3", "1001"), ("99999999999999999999999", "100000000000000000000000"),
        ("  41  ", "42"),
        ("unreadable", ""), ("", ""), ("I am", ""), ("IIII", ""), ("12 apples", ""),
    ])
    func answers(question: String, answer: String) {
        #expect(NextNumber.answer(to: question) == answer)
    }

    @Test func promptUsesLastNonEmptyLine() {
        #expect(NextNumber.answer(toPrompt: "Count on.\n\n41\n\n  \n") == "42")
        #expect(NextNumber.answer(toPrompt: "5\r\nXIV\r\n") == "XV")
        #expect(NextNumber.answer(toPrompt: "") == "")
    }
}
