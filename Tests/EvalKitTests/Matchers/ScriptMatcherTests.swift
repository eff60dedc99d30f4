import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite
@testable import EvalKitRunner

@Suite struct ScriptMatcherTests {
    private let context = MatchContext(prompt: "What follows 3?", caseID: "digits-3", directory: URL(fileURLWithPath: "/tmp"), timeout: .seconds(30))

    @Test func passesOnExitZeroWithOutputAndEnvironment() async {
        let script = #"[ "$(cat)" = "4" ] && [ "$EVALS_PROMPT" = "What follows 3?" ] && [ "$EVALS_CASE_ID" = "digits-3" ] && [ "$(pwd -P)" = "$(cd /tmp && pwd -P)" ]"#
        let result = await ScriptMatcher(["/bin/sh", "-c", script]).evaluate("4", in: context)
        #expect(result.status == .passed)
        #expect(result.matcher == "script")
    }

    @Test func failsWithTheFirstLineOfStdout() async {
        let result = await ScriptMatcher(["/bin/sh", "-c", "echo 'expected 4, got five'; echo more; exit 1"]).evaluate("five", in: context)
        #expect(result == MatchResult(.failed, matcher: "script", message: "expected 4, got five", actual: "five"))
    }

    @Test func failsWithTheStatusWhenStdoutIsEmpty() async {
        let result = await ScriptMatcher(["/bin/sh", "-c", "echo bad input >&2; exit 3"]).evaluate("x", in: context)
        #expect(result.status == .failed)
        #expect(result.message == #"expected to pass script /bin/sh -c "echo bad input >&2; exit 3", got exit status 3: bad input"#)
    }

    @Test(.timeLimit(.minutes(1)))
    func endlessOutputIsAnErrorAtTheCap() async {
        let result = await ScriptMatcher(["yes"]).evaluate("x", in: context)
        #expect(result.status == .error)
        #expect(result.message == "script yes wrote more than 16777216 bytes of output and was stopped")
    }

    @Test func aTracebackGivesItsLastLineAsTheReasonAndKeepsAllOfStderr() async {
        let traceback = #"printf 'Traceback (most recent call last):\n  File "check.py", line 3, in <module>\n    raise ValueError(reason)\nValueError: expected JSON\n\n' >&2; exit 1"#
        let result = await ScriptMatcher(["/bin/sh", "-c", traceback]).evaluate("x", in: context)
        #expect(result.status == .failed)
        #expect(result.message.hasSuffix("got exit status 1: ValueError: expected JSON"))
        #expect(result.details == """
            stderr:
            Traceback (most recent call last):
              File "check.py", line 3, in <module>
                raise ValueError(reason)
            ValueError: expected JSON
            """)
        #expect(CaseExecution.details(of: result) == result.details)
    }

    @Test func stdoutGivesTheMessageAndStderrTheDetails() async {
        let result = await ScriptMatcher(["/bin/sh", "-c", "echo 'not a number'; echo 'parse error at 1:1' >&2; exit 1"]).evaluate("x", in: context)
        #expect(result == MatchResult(.failed, matcher: "script", message: "not a number", actual: "x", details: "stderr:\nparse error at 1:1"))
    }

    @Test func longStderrIsCappedInTheDetails() async throws {
        let result = await ScriptMatcher(["/bin/sh", "-c", "head -c 20000 /dev/zero | tr '\\0' e >&2; exit 1"]).evaluate("x", in: context)
        let details = try #require(result.details)
        #expect(details == "stderr:\n" + String(repeating: "e", count: ScriptMatcher.stderrLimit) + "\n… \(20_000 - ScriptMatcher.stderrLimit) more characters")
    }

    @Test func timeoutIsAnError() async {
        var short = context
        short.timeout = .milliseconds(300)
        let result = await ScriptMatcher(["/bin/sh", "-c", "sleep 30"]).evaluate("x", in: short)
        #expect(result.status == .error)
        #expect(result.message == #"script /bin/sh -c "sleep 30" timed out after 0.3 s"#)
    }

    @Test func missingProgramIsAnError() async {
        let result = await ScriptMatcher(["./missing-check.sh"]).evaluate("x", in: context)
        #expect(result.status == .error)
        #expect(result.message == "script ./missing-check.sh: program './missing-check.sh' not found or not executable")
    }
}
