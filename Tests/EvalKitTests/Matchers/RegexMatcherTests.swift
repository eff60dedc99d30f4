import Testing
@testable import EvalKit

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
}
