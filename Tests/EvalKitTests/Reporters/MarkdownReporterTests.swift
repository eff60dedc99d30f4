import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitReporters

@Suite("MarkdownReporter")
struct MarkdownReporterTests {
    static let markdown = MarkdownReporter.render(ReportFixtures.run())

    private var lines: [String] { Self.markdown.components(separatedBy: "\n") }

    /// The rows of the table under a heading, header and separator included.
    private func table(after heading: String) throws -> [String] {
        let lines = self.lines
        let start = try #require(lines.firstIndex(of: heading), "no \(heading)") + 2
        return Array(lines[start...].prefix { $0.hasPrefix("|") })
    }

    @Test func verdictComesFirst() {
        #expect(Self.markdown.hasPrefix("## evals: FAIL\n"))
        let passing = ReportFixtures.single([CaseReport(id: "a", prompt: "1", output: "2", outcome: .passed)],
                                            gates: [GateResult(gate: .minPassRate, target: "tuned", limit: 1, value: 1, passed: true)])
        #expect(MarkdownReporter.render(passing).hasPrefix("## evals: PASS\n"))
        let errorsOnly = ReportFixtures.single([CaseReport(id: "a", prompt: "1", outcome: .error)],
                                               gates: [GateResult(gate: .maxErrorRate, target: "tuned", limit: 0, value: 1, passed: false)])
        #expect(MarkdownReporter.render(errorsOnly).hasPrefix("## evals: ERROR"))
    }

    @Test func gatesAndTargetsTables() throws {
        let gates = try table(after: "### Gates")
        #expect(gates.count == 6)
        #expect(gates[0] == "| suite | gate | target | value | limit | result |")
        #expect(gates[2] == "| next-number | min\\_pass\\_rate | tuned | 0.667 | 1.000 | **FAIL** |")
        #expect(gates[4] == "| next-number | max\\_regressions | tuned | 2 | 0 | **FAIL** |")
        let targets = try table(after: "### Targets")
        #expect(targets.dropFirst(2) == [
            "| next-number | tuned | 4 | 2 | 1 | 1 | 66.6% |",
            "| next-number | local | 2 | 1 | 0 | 0 | 66.6% |",
            "| next-number | base (baseline) | 3 | 2 | 0 | 0 | 60.0% |",
        ])
    }

    @Test func tagPassRates() throws {
        let tags = try table(after: "### Pass rates per tag")
        #expect(tags.contains("| next-number | tuned | heldout | 1 | 1 | 50.0% |"))
        #expect(tags.count == 2 + 11)
    }

    @Test func changedCasesListRegressionsFirst() throws {
        let rows = try table(after: "### Changed cases").dropFirst(2).map { $0.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(rows == ["**regressed**", "**regressed**", "fixed", "output changed"])
        #expect(lines.contains("| **regressed** | next-number | roman | base → tuned | `IV` | `4` |"))
    }

    @Test func failingCasesOfJudgedTargetsAreNamed() throws {
        let rows = try table(after: "### Failing cases")
        #expect(rows == [
            "| result | suite | target | case | message |",
            "|---|---|---|---|---|",
            "| **FAIL** | next-number | tuned | roman | expected to match /^IV$/, got \"4\" \\[regex\\] |",
            "| **ERROR** | next-number | tuned | comma | HTTP 503 Service Unavailable: retries exhausted |",
            "| **FAIL** | next-number | tuned | golden-only | the output differs from the golden output \\[golden\\] |",
            "| **FAIL** | next-number | local | comma | expected 10100001, got 10100002 \\[numeric\\] |",
        ])
    }

    @Test func failingCasesAreNamedWithoutABaselineAndCapped() throws {
        let cases = (1...23).map { CaseReport(id: "c\($0)", prompt: "\($0)", output: "x", outcome: .failed, messages: ["expected \"\($0)\", got \"x\""], failureType: "exact") }
            + [CaseReport(id: "ok", prompt: "0", output: "0", outcome: .passed)]
        let markdown = MarkdownReporter.render(ReportFixtures.single(cases))
        let lines = markdown.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "### Failing cases")) + 2
        let rows = lines[start...].prefix { $0.hasPrefix("|") }
        #expect(rows.count == 2 + MarkdownReporter.failingRowLimit)
        #expect(rows.dropFirst(2).first == "| **FAIL** | tiny | tuned | c1 | expected \"1\", got \"x\" \\[exact\\] |")
        #expect(!rows.contains { $0.contains("| ok |") })
        #expect(markdown.contains("\n… and 3 more failing cases (see the text report).\n"))
        #expect(!markdown.contains("### Changed cases"))

        let passing = MarkdownReporter.render(ReportFixtures.single([CaseReport(id: "ok", prompt: "0", output: "0", outcome: .passed)]))
        #expect(!passing.contains("### Failing cases"))
    }

    @Test func modelTextCannotBreakTheTable() throws {
        var report = ReportFixtures.run()
        let nasty = "a|b\nc `tick` ``two`` <img src=x> *bold* \u{1B}[31m"
        report.suites[0].targets[0].cases[1].output = nasty
        let markdown = MarkdownReporter.render(report)
        let row = try #require(markdown.components(separatedBy: "\n").first { $0.hasPrefix("| **regressed** | next-number | roman |") })
        #expect(row.hasSuffix(" |"))
        #expect(row.contains("| ```a\\|b\\nc `tick` ``two`` <img src=x> *bold* \\u{1B}[31m``` |"))
        #expect(!markdown.unicodeScalars.contains("\u{1B}"))
        let cells = row.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
        #expect(cells.count == 8)
    }

    @Test func namesAreEscapedOutsideCode() {
        #expect(MarkdownReporter.cell("a|b_c*d<e>&[x](y)") == "a\\|b\\_c\\*d&lt;e&gt;&amp;\\[x\\](y)")
        #expect(MarkdownReporter.cell("two\nlines") == "two\\\\nlines")
    }

    /// `|` followed by U+0301 is one Character but still a `|` to GitHub's table parser, which reads code points.
    @Test func aPipeOrBacktickFollowedByACombiningMarkIsStillEscaped() {
        #expect(MarkdownReporter.cell("a|\u{301}b *\u{301}") == "a\\|\u{301}b \\*\u{301}")
        #expect(MarkdownReporter.codeSpan("a|\u{301}b") == "`a\\|\u{301}b`")
        #expect(MarkdownReporter.codeSpan("x`\u{301}`\u{301}y") == "``x`\u{301}`\u{301}y``", "the fence is longer than any run of backticks")
        #expect(MarkdownReporter.codeSpan("`\u{301}x") == "`` `\u{301}x ``", "a leading backtick is padded away from the fence")
        let span = Array(MarkdownReporter.codeSpan("a|\u{301}b|\u{301}c").unicodeScalars)
        let pipes = span.indices.filter { span[$0] == "|" }
        #expect(pipes.count == 2 && pipes.allSatisfy { $0 > 0 && span[$0 - 1] == "\\" })
    }
}
