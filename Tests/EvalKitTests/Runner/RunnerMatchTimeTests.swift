import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// Matching is bounded by the case's timeout and never delays an interrupt (SPEC §5.2, §5.3).
@Suite struct RunnerMatchTimeTests {
    /// `(a+)+$` backtracks for hours on this answer.
    static let answer = String(repeating: "a", count: 40) + "!"

    private func answering(_ tracker: RequestTracker) -> ScriptedProvider {
        ScriptedProvider(tracker: tracker) { _, _ in ModelResponse(text: Self.answer) }
    }

    /// Notes that matching began, then hands over to the real matcher.
    struct StartNotingMatcher: Matcher {
        let inner: any Matcher
        let log: ConcurrentLog<String>
        var name: String { inner.name }
        var description: String { inner.description }

        func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
            log.append("started")
            return await inner.evaluate(output, in: context)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aMatcherPastTheCaseTimeoutMakesTheCaseAnError() async throws {
        let cases = runnerCases(1, matchers: [try RegexMatcher("(a+)+$")], timeout: 0.2)
        let results = await Runner(options: .test()).run([runnerUnit(provider: answering(RequestTracker()), cases: cases)])
        let report = results[0].cases[0]
        #expect(report.outcome == .error)
        #expect(report.messages == ["regex /(a+)+$/ ran past the case's timeout of 0.2 s"])
        #expect(report.failureType == "regex")
        #expect(report.output == Self.answer)
    }

    @Test(.timeLimit(.minutes(1)))
    func anInterruptDuringAMatchEndsTheCaseAsInterrupted() async throws {
        let log = ConcurrentLog<String>()
        let matcher = StartNotingMatcher(inner: try RegexMatcher("(a+)+$"), log: log)
        let cases = runnerCases(1, matchers: [matcher], timeout: 3600)
        let run = Task { await Runner(options: .test()).run([runnerUnit(provider: answering(RequestTracker()), cases: cases)]) }
        await log.wait { !$0.isEmpty }
        run.cancel()
        let report = await run.value[0].cases[0]
        #expect(report.outcome == .skipped)
        #expect(report.reason == .interrupted)
    }
}
