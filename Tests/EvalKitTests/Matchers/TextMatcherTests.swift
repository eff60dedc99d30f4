import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct TextMatcherTests {
    @Test func exactPassesAfterTrimming() async {
        let result = await ExactMatcher("2").evaluate("  2\n")
        #expect(result.status == .passed)
        #expect(result.matcher == "exact")
    }

    @Test func exactFailureMessage() async {
        let result = await ExactMatcher("2").evaluate("two")
        #expect(result == MatchResult(.failed, matcher: "exact", message: #"expected "2", got "two""#, expected: "2", actual: "two"))
    }

    @Test func exactShowsControlCharactersVisibly() async {
        let result = await ExactMatcher("a b").evaluate("a\tb\u{1B}[31m")
        #expect(result.message == #"expected "a b", got "a\tb\u{1B}[31m""#)
    }

    @Test func exactCaseSensitivity() async {
        #expect(await ExactMatcher("Paris").evaluate("paris").status == .failed)
        #expect(await ExactMatcher("Paris", caseSensitive: false).evaluate("PARIS").passed)
        #expect(await ExactMatcher("Paris", caseSensitive: false).evaluate("Rome").message == #"expected "Paris" (ignoring case), got "Rome""#)
    }

    @Test func exactNormalizeWhitespace() async {
        #expect(await ExactMatcher("a b c").evaluate("a  b\n\tc").status == .failed)
        #expect(await ExactMatcher("a b c", normalizeWhitespace: true).evaluate(" a  b\n\tc \n").passed)
    }

    @Test func exactWithoutTrim() async {
        #expect(await ExactMatcher("2", trim: false).evaluate("2\n").status == .failed)
        #expect(await ExactMatcher("2\n", trim: false).evaluate("2\n").passed)
        #expect(await ExactMatcher(" 2", trim: false).evaluate("2").message == #"expected " 2" (untrimmed), got "2""#)
    }

    @Test func contains() async {
        #expect(await ContainsMatcher("x").evaluate("a x b").passed)
        #expect(await ContainsMatcher("X").evaluate("a x b").status == .failed)
        #expect(await ContainsMatcher("X", caseSensitive: false).evaluate("a x b").passed)
        let result = await ContainsMatcher("x").evaluate("abc")
        #expect(result == MatchResult(.failed, matcher: "contains", message: #"expected to contain "x", got "abc""#, actual: "abc"))
    }

    @Test func notContains() async {
        #expect(await NotContainsMatcher("sorry").evaluate("IV").passed)
        #expect(await NotContainsMatcher("sorry", caseSensitive: false).evaluate("Sorry, no").status == .failed)
        let result = await NotContainsMatcher("sorry").evaluate("sorry, I cannot")
        #expect(result.matcher == "not_contains")
        #expect(result.message == #"expected not to contain "sorry", got "sorry, I cannot""#)
    }

    @Test func startsAndEndsWithAfterTrim() async {
        #expect(await StartsWithMatcher("The").evaluate("  The answer").passed)
        #expect(await StartsWithMatcher("the").evaluate("The answer").status == .failed)
        #expect(await StartsWithMatcher("the", caseSensitive: false).evaluate("The answer").passed)
        #expect(await StartsWithMatcher("A").evaluate("The answer").message == #"expected to start with "A", got "The answer""#)
        #expect(await EndsWithMatcher(".").evaluate("Done.\n").passed)
        #expect(await EndsWithMatcher("DONE", caseSensitive: false).evaluate("all done").passed)
        let result = await EndsWithMatcher("!").evaluate("Done.")
        #expect(result.matcher == "ends_with")
        #expect(result.message == #"expected to end with "!", got "Done.""#)
    }

    @Test func oneOf() async {
        let matcher = OneOfMatcher(["yes", "no"])
        #expect(await matcher.evaluate(" no ").passed)
        #expect(await OneOfMatcher(["yes", "no"], caseSensitive: false).evaluate("YES").passed)
        let result = await matcher.evaluate("maybe")
        #expect(result.matcher == "one_of")
        #expect(result.message == #"expected one of ["yes", "no"], got "maybe""#)
    }

    @Test func longOutputIsCut() async {
        let result = await ExactMatcher("x").evaluate(String(repeating: "y", count: 500))
        #expect(result.message == "expected \"x\", got \"" + String(repeating: "y", count: 200) + "…\"")
        #expect(result.actual?.count == 500)
    }

    @Test func factoriesBuildTheSameMatchers() {
        #expect(Matchers.exact("2").description == #"exact "2""#)
        #expect(Matchers.contains("a", caseSensitive: false).description == #"contains "a" (ignoring case)"#)
        #expect(Matchers.notContains("b").name == "not_contains")
        #expect(Matchers.startsWith("c").name == "starts_with")
        #expect(Matchers.endsWith("d").name == "ends_with")
        #expect(Matchers.oneOf(["a", "b"]).description == #"one_of ["a", "b"]"#)
    }
}
