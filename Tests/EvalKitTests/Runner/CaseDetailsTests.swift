import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite
@testable import EvalKitRunner

/// The details shown under a failing matcher's message: the diff of multi-line sides.
@Suite struct CaseDetailsTests {
    @Test func oneLineSidesNeedNoDetailsBeyondTheMessage() async {
        let result = await ExactMatcher("2").evaluate("two")
        #expect(result.message == "expected \"2\", got \"two\"")
        #expect(CaseExecution.details(of: result) == nil)
    }

    @Test func multiLineSidesAreDiffedAfterTrimmingLikeTheMatcher() async {
        let result = await ExactMatcher("a\nc").evaluate("a\nb\n")
        #expect(CaseExecution.details(of: result) == """
            --- expected
            +++ output
            @@ -1,2 +1,2 @@
             a
            -c
            \\ No newline at end of file
            +b
            \\ No newline at end of file
            """)
    }

    @Test func matchersThatCompareNoTextGiveNoDetails() async throws {
        let result = try await RegexMatcher("^IV$").evaluate("4")
        #expect(result.status == .failed)
        #expect(CaseExecution.details(of: result) == nil)
    }
}
