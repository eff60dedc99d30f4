import Foundation
import Testing
@testable import EvalKit

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
