import Testing
@testable import EvalKit

@Suite struct SimilarAndLengthTests {
    @Test func similar() async {
        #expect(await SimilarMatcher("kitten").evaluate("kitten").passed)
        #expect(await SimilarMatcher("hello world").evaluate("hello world!").passed)
        let result = await SimilarMatcher("kitten").evaluate("sitting")
        #expect(result == MatchResult(.failed, matcher: "similar", message: #"expected to be similar to "kitten" (similarity ≥ 0.8), got "sitting" (similarity 0.57)"#, expected: "kitten", actual: "sitting"))
        #expect(await SimilarMatcher("kitten", min: 0.5).evaluate("sitting").passed)
    }

    @Test(arguments: [
        (Int?.some(1), Int?.some(5), "abc", true), (1, 5, "", false), (1, 5, "abcdef", false), (1, 5, "  abcde \n", true),
        (3, nil, "abc", true), (3, nil, "ab", false), (nil, 2, "ab", true), (nil, 2, "abc", false), (2, 2, "é😀", true),
    ])
    func lengthBounds(minimum: Int?, maximum: Int?, output: String, passes: Bool) async {
        #expect(await LengthMatcher(min: minimum, max: maximum).evaluate(output).passed == passes)
    }

    @Test func lengthMessages() async {
        #expect(await LengthMatcher(min: 1, max: 5).evaluate("abcdef").message == #"expected to have 1 to 5 characters, got "abcdef" (6 characters)"#)
        #expect(await LengthMatcher(min: 3).evaluate("a").message == #"expected to have at least 3 characters, got "a" (1 character)"#)
        #expect(await LengthMatcher(max: 1).evaluate("ab").message == #"expected to have at most 1 character, got "ab" (2 characters)"#)
        #expect(LengthMatcher(min: 1, max: 5).description == "length {min: 1, max: 5}")
    }
}
