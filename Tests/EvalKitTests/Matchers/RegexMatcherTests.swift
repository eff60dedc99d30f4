import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitResults
@testable import EvalKitSuite

@Suite struct RegexMatcherTests {
    @Test func matchesSomewhereInTheTrimmedOutput() async throws {
        #expect(try await RegexMatcher("^IV$").evaluate("IV\n").passed)
        #expect(try await RegexMatcher("\\d+").evaluate("about 42 of them").passed)
        let result = try await RegexMatcher("^IV$").evaluate("It is IV")
        #expect(result == MatchResult(.failed, matcher: "regex", message: #"expected to match /^IV$/, got "It is IV""#, actual: "It is IV"))
    }

    @Test(arguments: [
        ("^iv$", "i", "IV", true), ("^iv$", "", "IV", false),
        ("^b$", "m", "a\nb\nc", true), ("^b$", "", "a\nb\nc", false),
        ("a.c", "s", "a\nc", true), ("a.c", "", "a\nc", false),
        ("^ a b c $ # spaced", "x", "abc", true), ("^ a b c $", "", "abc", false),
        ("^B$", "mi", "a\nb", true),
    ])
    func flags(pattern: String, flags: String, output: String, passes: Bool) async throws {
        #expect(try await RegexMatcher(pattern, flags: flags).evaluate(output).passed == passes)
    }

    @Test func flagsShowInTheMessage() async throws {
        let result = try await RegexMatcher("^x$", flags: "im").evaluate("y")
        #expect(result.message == #"expected to match /^x$/im, got "y""#)
    }

    @Test func invalidPatternIsAConstructionError() {
        #expect(throws: RegexMatcher.InvalidPattern(message: "invalid regex /(a/: expected ')'")) {
            try RegexMatcher("(a")
        }
        #expect(throws: RegexMatcher.InvalidPattern(message: #"unknown regex flag 'g' in "ig"; flags are letters from imsx"#)) {
            try RegexMatcher("a", flags: "ig")
        }
    }

    @Test func usableFromManyTasksAtOnce() async throws {
        let matcher = try Matchers.regex("^[0-9]+$")
        let passes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<50 { group.addTask { await matcher.evaluate(index.isMultiple(of: 2) ? "\(index)" : "x\(index)").passed } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passes == 25)
    }

    /// `(a+)+$` backtracks for hours on a long run of `a` that does not end the text.
    static let catastrophic = String(repeating: "a", count: 40) + "!"

    @Test(.timeLimit(.minutes(1)))
    func aMatchPastTheTimeoutIsAnError() async throws {
        let result = try await RegexMatcher("(a+)+$").evaluate(Self.catastrophic, in: MatchContext(timeout: .milliseconds(200)))
        #expect(result == MatchResult(.error, matcher: "regex", message: "regex /(a+)+$/ ran past the case's timeout of 0.2 s", actual: Self.catastrophic))
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingTheEvaluatingTaskStopsTheMatch() async throws {
        let matcher = try RegexMatcher("(a+)+$")
        let evaluation = Task { await matcher.evaluate(Self.catastrophic, in: MatchContext(timeout: .seconds(3600))) }
        evaluation.cancel()
        let result = await evaluation.value
        #expect(result.status == .error)
        #expect(result.message == "regex /(a+)+$/ was interrupted")
    }

    @Test func aSearchTheEngineCannotFinishIsAnErrorNotAFailure() async throws {
        let output = String(repeating: "a", count: 1_000_000) + "!"
        let result = try await RegexMatcher("^(a|b)*$").evaluate(output)
        #expect(result.status == .error)
        #expect(result.message == "regex /^(a|b)*$/ could not be decided: the pattern backtracks too deeply on this output")
    }

    @Test(arguments: [
        (#"\bcan\b"#, "", "I can't", false), (#"\bcan\b"#, "", "I can do it", true),
        (#"^\d+$"#, "", "٤٢", true), ("^é$", "i", "É", true), (#"^\p{L}+$"#, "", "héllo", true),
        ("(?<word>ab)\\k<word>", "", "abab", true), ("^a++$", "", "aaa", true),
    ])
    func familiarPatternsKeepTheirMeaning(pattern: String, flags: String, output: String, passes: Bool) async throws {
        #expect(try await RegexMatcher(pattern, flags: flags).evaluate(output).passed == passes)
    }

    @Test func syntaxTheEngineLacksIsAConstructionError() {
        #expect(throws: RegexMatcher.InvalidPattern(
            message: #"invalid regex /a{,3}/: the matching engine (ICU) does not support this syntax; write code points as \x{…} and bounds as {0,n}"#)) {
            try RegexMatcher("a{,3}")
        }
    }
}
