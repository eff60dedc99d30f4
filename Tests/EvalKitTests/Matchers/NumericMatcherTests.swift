import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct NumericMatcherTests {
    @Test func noNumberMessage() async {
        let result = await NumericMatcher(10_100_001).evaluate("a lot")
        #expect(result == MatchResult(.failed, matcher: "numeric", message: #"expected a number equal to 10100001 (±0), got "a lot" (no number)"#, actual: "a lot"))
        #expect(await NumericMatcher(10_100_001).evaluate("ten").message == #"expected a number equal to 10100001 (±0), got "ten" (10)"#)
    }

    @Test func wrongNumberMessage() async {
        let result = await NumericMatcher(10_100_001).evaluate("10,100,000")
        #expect(result.message == #"expected a number equal to 10100001 (±0), got "10,100,000" (10100000)"#)
    }

    @Test(arguments: [
        ("10,100,001", true), ("ten million one hundred thousand one", true), ("The answer is 10100001.", true),
        ("10_100_001", true), ("1.0100001e7", true), ("10100002", false), ("about 10100001", true),
    ])
    func readsAnyForm(output: String, passes: Bool) async {
        #expect(await NumericMatcher(10_100_001).evaluate(output).passed == passes)
    }

    @Test func expectedInAnyForm() async throws {
        let roman = try #require(NumericMatcher(reading: "IV"))
        #expect(await roman.evaluate("4").passed)
        let words = try #require(NumericMatcher(reading: "minus three"))
        #expect(await words.evaluate("-3").passed)
        let grouped = try #require(NumericMatcher(reading: "1,000"))
        #expect(await grouped.evaluate("one thousand").passed)
        #expect(NumericMatcher(reading: "many") == nil)
    }

    @Test func absoluteTolerance() async {
        let matcher = NumericMatcher(1, tolerance: Decimal(string: "0.1")!)
        #expect(await matcher.evaluate("1.1").passed)
        #expect(await matcher.evaluate("0.9").passed)
        #expect(await matcher.evaluate("1.11").status == .failed)
        #expect(await matcher.evaluate("1.2").message == #"expected a number equal to 1 (±0.1), got "1.2" (1.2)"#)
    }

    @Test func relativeTolerance() async {
        let matcher = NumericMatcher(200, relativeTolerance: Decimal(string: "0.05")!)
        #expect(await matcher.evaluate("210").passed)
        #expect(await matcher.evaluate("190").passed)
        #expect(await matcher.evaluate("211").status == .failed)
        #expect(await matcher.evaluate("211").message == #"expected a number equal to 200 (±5%), got "211" (211)"#)
        #expect(NumericMatcher(200, tolerance: 1, relativeTolerance: Decimal(string: "0.05")!).description == "numeric 200 (±1 or ±5%)")
    }
}
