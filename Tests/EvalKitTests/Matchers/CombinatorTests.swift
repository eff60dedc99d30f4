import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct CombinatorTests {
    @Test func notInvertsWithANegatedMessage() async {
        let matcher = NotMatcher(ContainsMatcher("sorry"))
        #expect(await matcher.evaluate("IV").passed)
        let result = await matcher.evaluate("sorry")
        #expect(result == MatchResult(.failed, matcher: "not", message: #"expected not to contain "sorry", got "sorry""#, actual: "sorry"))
        #expect(await NotMatcher(ExactMatcher("2")).evaluate("2").message == #"expected not to equal "2", got "2""#)
        #expect(await NotMatcher(NumericMatcher(2)).evaluate("2").message == #"expected not to be a number equal to 2 (±0), got "2""#)
    }

    @Test func doubleNegation() async {
        let matcher = NotMatcher(NotMatcher(ExactMatcher("2")))
        #expect(await matcher.evaluate("2").passed)
        #expect(await matcher.evaluate("3").message == #"expected "2", got "3""#)
        #expect(await NotMatcher(NotContainsMatcher("x")).evaluate("abc").message == #"expected to contain "x", got "abc""#)
    }

    @Test func notKeepsAnError() async {
        let result = await NotMatcher(ScriptMatcher(["/no/such/program"])).evaluate("x")
        #expect(result.status == .error)
        #expect(result.matcher == "script")
    }

    @Test func allReportsTheFailingInnerMatcher() async throws {
        let matcher = AllMatcher([try RegexMatcher("^I"), NotContainsMatcher("sorry"), ExactMatcher("IV")])
        #expect(await matcher.evaluate("IV").passed)
        #expect(await matcher.evaluate("IV").matcher == "all")
        let result = await matcher.evaluate("I am sorry")
        #expect(result.matcher == "not_contains")
        #expect(result.message == #"expected not to contain "sorry", got "I am sorry""#)
    }

    @Test func anyFailsInItsOwnName() async {
        let matcher = AnyMatcher([ExactMatcher("2"), ContainsMatcher("two")])
        #expect(await matcher.evaluate("two").passed)
        #expect(await matcher.evaluate("2").passed)
        let result = await matcher.evaluate("three")
        #expect(result.matcher == "any")
        #expect(result.message == #"expected to satisfy any of [exact "2", contains "two"], got "three""#)
    }

    @Test func anyReportsAnErrorWhenNothingPassed() async {
        let result = await AnyMatcher([ExactMatcher("2"), ScriptMatcher(["/no/such/program"])]).evaluate("3")
        #expect(result.status == .error)
        #expect(await AnyMatcher([ScriptMatcher(["/no/such/program"]), ExactMatcher("3")]).evaluate("3").passed)
    }

    @Test func notOfAllAndAny() async {
        let all = NotMatcher(AllMatcher([ContainsMatcher("a"), ContainsMatcher("b")]))
        #expect(await all.evaluate("a").passed)
        #expect(await all.evaluate("ab").message == #"expected not to satisfy all of [contains "a", contains "b"], got "ab""#)
        #expect(await NotMatcher(AnyMatcher([ContainsMatcher("a")])).evaluate("a").matcher == "not")
    }

    @Test func factories() async {
        let matcher = Matchers.all(Matchers.not(Matchers.contains("no")), Matchers.any(Matchers.exact("yes"), Matchers.exact("y")))
        #expect(await matcher.evaluate("y").passed)
        #expect(matcher.description == #"all [not contains "no", any [exact "yes", exact "y"]]"#)
    }
}
