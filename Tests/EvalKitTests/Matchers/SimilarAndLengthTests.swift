import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct SimilarAndLengthTests {
    @Test func similar() async {
        #expect(await SimilarMatcher("kitten").evaluate("kitten").passed)
        #expect(await SimilarMatcher("hello world").evaluate("hello world!").passed)
        let result = await SimilarMatcher("kitten").evaluate("sitting")
        #expect(result == MatchResult(.failed, matcher: "similar", message: #"expected to be similar to "kitten" (similarity ≥ 0.8), got "sitting" (similarity 0.57)"#, expected: "kitten", actual: "sitting"))
        #expect(await SimilarMatcher("kitten", min: 0.5).evaluate("sitting").passed)
    }

    @Test(arguments: 0..<10)
    func theVerdictAndSimilarityAgreeWithTheFullTable(seed: Int) async {
        var generator = LineDiffTests.Generator(state: UInt64(seed) &+ 1)
        for _ in 0..<100 {
            let a = EditDistanceTests.text(&generator, length: Int.random(in: 0...12, using: &generator))
            let b = Bool.random(using: &generator) ? EditDistanceTests.edited(a, &generator) : EditDistanceTests.text(&generator, length: Int.random(in: 0...12, using: &generator))
            let output = String(String.UnicodeScalarView(a.compactMap(Unicode.Scalar.init)))
            let expected = String(String.UnicodeScalarView(b.compactMap(Unicode.Scalar.init)))
            let longer = max(a.count, b.count)
            let similarity = longer == 0 ? 1 : 1 - Double(EditDistanceTests.plainDistance(a, b)) / Double(longer)
            let minimum = [0, 0.5, 0.75, 0.8, 0.9, 1][Int.random(in: 0...5, using: &generator)]
            let result = await SimilarMatcher(expected, min: minimum).evaluate(output)
            #expect(result.passed == (similarity >= minimum), "\(output) ~ \(expected) min \(minimum)")
            if !result.passed { #expect(result.message.hasSuffix(String(format: " (similarity %.2f)", similarity))) }
        }
    }

    @Test func aLongOutputFarFromTheTextFailsWithoutItsExactSimilarity() async {
        let output = String(repeating: "the quick brown fox ", count: 50_000)
        let result = await SimilarMatcher("The capital of France is Paris.").evaluate(output)
        #expect(result.status == .failed)
        #expect(result.message.hasSuffix(" (similarity below 0.8)"))
    }

    /// Two long unrelated texts with a low minimum: every cell of a huge table is needed.
    static let longPair = (
        String(repeating: "abcd", count: 50_000), String(repeating: "dcba", count: 50_000))

    @Test(.timeLimit(.minutes(1)))
    func aComparisonPastTheTimeoutIsAnError() async {
        let result = await SimilarMatcher(Self.longPair.1, min: 0.1).evaluate(Self.longPair.0, in: MatchContext(timeout: .milliseconds(100)))
        #expect(result.status == .error)
        #expect(result.message.hasSuffix(" (min 0.1) ran past the case's timeout of 0.1 s"))
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingTheEvaluatingTaskStopsTheComparison() async {
        let matcher = SimilarMatcher(Self.longPair.1, min: 0.1)
        let evaluation = Task { await matcher.evaluate(Self.longPair.0, in: MatchContext(timeout: .seconds(3600))) }
        evaluation.cancel()
        let result = await evaluation.value
        #expect(result.status == .error)
        #expect(result.message.hasSuffix(" (min 0.1) was interrupted"))
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
