import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitReporters

@Suite("TextReporter")
struct TextReporterTests {
    /// A reporter with a caller's hints, as the command line gives them.
    static let hinted = TextReporter(color: false, showAllHint: "--verbose shows all", acceptCommand: { file, target in "evals accept \(file) --target \(target)" })
    static let plain = hinted.render(ReportFixtures.run())

    private var lines: [String] { Self.plain.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test(arguments: [
        (OutcomeCounts(passed: 2, failed: 1), "t: 2 passed, 1 failed, 0 errors, 0 skipped (pass rate 66.6%)"),
        (OutcomeCounts(passed: 1), "t: 1 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)"),
        (OutcomeCounts(error: 3, skipped: 2), "t: 0 passed, 0 failed, 3 errors, 2 skipped (pass rate n/a)"),
        (OutcomeCounts(), "t: 0 passed, 0 failed, 0 errors, 0 skipped (pass rate n/a)"),
        (OutcomeCounts(passed: 1, failed: 2, error: 1), "t: 1 passed, 2 failed, 1 errors, 0 skipped (pass rate 33.3%)"),
        (OutcomeCounts(failed: 5), "t: 0 passed, 5 failed, 0 errors, 0 skipped (pass rate 0.0%)"),
        (OutcomeCounts(passed: 1999, failed: 1), "t: 1999 passed, 1 failed, 0 errors, 0 skipped (pass rate 99.9%)"),
        (OutcomeCounts(passed: 14, failed: 1), "t: 14 passed, 1 failed, 0 errors, 0 skipped (pass rate 93.3%)"),
    ])
    func closingLineTruncatesThePassRate(counts: OutcomeCounts, expected: String) {
        #expect(TextReporter.closingLine(target: "t", counts: counts) == expected)
    }

    @Test func closingLinesComeLastOnePerJudgedTarget() {
        var lines = self.lines
        #expect(lines.last == "")
        lines.removeLast()
        #expect(Array(lines.suffix(2)) == [
            "tuned: 4 passed, 2 failed, 1 errors, 1 skipped (pass rate 66.6%)",
            "local: 2 passed, 1 failed, 0 errors, 0 skipped (pass rate 66.6%)",
        ])
        #expect(!Self.plain.contains("base: "))
    }

    @Test func sectionsAppearInOrderWithTheGatesJustBeforeTheClosingLines() throws {
        let text = Self.plain
        let marks = ["suite next-number", "FAIL tuned roman", "golden:", "comparison base → tuned:", "pass rates per tag:",
                     "latency and tokens:", "gates:", "tuned: 4 passed"]
        let positions = try marks.map { mark in try #require(text.range(of: mark), "missing \(mark)").lowerBound }
        #expect(positions == positions.sorted())
        let gates = try #require(text.range(of: "gates:"))
        let afterGates = text[gates.upperBound...]
        #expect(afterGates.split(separator: "\n").allSatisfy { $0.hasPrefix("  GATE ") || $0.hasPrefix("tuned: ") || $0.hasPrefix("local: ") })
    }

    @Test func headerNamesTheSuiteFileDescriptionAndTargets() {
        #expect(lines.prefix(5) == [
            "suite next-number (suites/next-number.yaml-lite)",
            "  The tuned model answers the next number in the sequence.",
            "  target tuned (gemini tunedModels/next-number-abc)",
            "  target local (openai next-number-lora)",
            "  target base (gemini models/gemini-2.0-flash) [baseline]",
        ])
    }

    @Test func nonPassingJudgedCasesGetOneLineWithDetailsIndented() throws {
        let lines = self.lines
        let fail = try #require(lines.firstIndex(of: "FAIL tuned roman: expected to match /^IV$/, got \"4\" [regex]"))
        #expect(lines[fail + 1] == "    expected: /^IV$/")
        #expect(lines[fail + 2] == "    got: \"4\"")
        #expect(lines.contains("ERROR tuned comma: HTTP 503 Service Unavailable: retries exhausted"))
        #expect(lines.contains("FAIL local comma: expected 10100001, got 10100002 [numeric]"))
        #expect(lines.contains("FAIL tuned golden-only: the output differs from the golden output [golden]"))
        #expect(!lines.contains { $0.hasPrefix("FAIL base") || $0.contains("tuned later") || $0.contains("tuned digits-1") })
    }

    @Test func flakyAndTruncatedCasesAreFlagged() {
        #expect(lines.contains("FLAKY tuned words: passed, 2/3 samples passed"))
        #expect(lines.contains("    sample 2 failed: expected \"one hundred one\", got \"one hundred and one\""))
        let report = ReportFixtures.single([
            CaseReport(id: "cut", prompt: "p", output: "tw", outcome: .failed, messages: ["expected \"two\", got \"tw\""], failureType: "exact",
                       finishReason: "MAX_TOKENS", truncated: true, samples: 3, passes: 1, flaky: true),
            CaseReport(id: "cut-ok", prompt: "p", output: "2", outcome: .passed, finishReason: "length", truncated: true),
        ])
        let text = TextReporter(color: false).render(report)
        #expect(text.contains("FAIL tuned cut: expected \"two\", got \"tw\" [exact] [truncated] [flaky: 1/3 samples passed]\n"))
        #expect(text.contains("TRUNCATED tuned cut-ok: passed, but the answer was cut by the token limit (length)\n"))
    }

    @Test func goldenDifferencesNewAndObsoleteEntriesWithTheAcceptCommand() throws {
        let lines = self.lines
        let changed = try #require(lines.firstIndex(of: "  CHANGED tuned warned (warning)"))
        #expect(Array(lines[(changed + 1)...(changed + 4)]) == ["      --- golden", "      +++ output", "      -8", "      +8·"])
        #expect(lines.contains("  CHANGED tuned golden-only (fails the case)"))
        #expect(lines.contains("  NEW tuned brand-new: \"9\""))
        #expect(lines.contains("  to accept: `evals accept suites/next-number.yaml-lite --target tuned`"))
        #expect(!TextReporter(color: false).render(ReportFixtures.run()).contains("to accept:"), "no accept hint without the caller's command")
        #expect(lines.contains { $0.hasPrefix("  OBSOLETE tuned: retired-case") })
    }

    @Test func comparisonListsRegressionsFirstThenFixesThenChangedOutputs() throws {
        let lines = self.lines
        let start = try #require(lines.firstIndex(of: "comparison base → tuned:"))
        #expect(Array(lines[(start + 1)...(start + 4)]) == [
            "  REGRESSED  roman        \"IV\" → \"4\"",
            "  REGRESSED  golden-only  \"5\" → \"five\"",
            "  FIXED      words        \"101\" → \"one hundred one\"",
            "  base   pass rate 60.0% (95% CI 23.1–88.2%)",
        ])
        #expect(lines[start + 5] == "  tuned  pass rate 66.6% (95% CI 30.0–90.3%)")
        #expect(lines[start + 6].hasSuffix("McNemar p = 1.000"))
        #expect(lines.contains("  CHANGED    comma  \"10100001\" → \"10,100,002\""))
    }

    @Test func tagPassRatesAndLatencyPerTarget() {
        let lines = self.lines
        #expect(lines.contains("  tag      tuned       local       base (baseline)"))
        #expect(lines.contains("  heldout  1/2 50.0%   1/1 100.0%  1/2 50.0%"))
        #expect(lines.contains("  words    1/1 100.0%  -           0/1 0.0%"))
        #expect(lines.contains("  tuned            12 ms   40 ms   15             11"))
        #expect(lines.contains("  base (baseline)  32 ms   34 ms   0              0"))
    }

    @Test func gateLinesShowFigureLimitAndVerdict() {
        #expect(lines.contains("  GATE min_pass_rate[tuned] 0.667 >= 1.000 FAIL"))
        #expect(lines.contains("  GATE max_regressions[tuned] 2 <= 0 FAIL"))
        #expect(lines.contains("  GATE max_error_rate[tuned] 0.143 <= 0.000 FAIL"))
        let held = TextReporter(color: false).render(ReportFixtures.single([CaseReport(id: "e", prompt: "p", outcome: .error, messages: ["timeout"])],
            gates: [GateResult(gate: .minPassRate, target: "tuned", limit: 1, value: nil, passed: true)]))
        #expect(held.contains("  GATE min_pass_rate[tuned] n/a >= 1.000 PASS (nothing to measure)\n"))
    }

    /// The fixture with a `significant_regression` gate over the tuned target's comparison.
    static func significance(regressed: Int, fixed: Int, p: Double, passed: Bool) -> RunReport {
        var report = ReportFixtures.run()
        report.suites[0].comparisons[0].regressed = regressed
        report.suites[0].comparisons[0].fixed = fixed
        report.suites[0].comparisons[0].mcnemarP = p
        report.suites[0].gates = [GateResult(gate: .significantRegression, target: "tuned", limit: 0.05, value: p, passed: passed)]
        return report
    }

    @Test func theSignificanceGateSaysWhatDecidedIt() {
        let better = TextReporter(color: false).render(Self.significance(regressed: 0, fixed: 12, p: 0.0005, passed: true))
        #expect(better.contains("  GATE significant_regression[tuned] not worse than base (regressed 0 <= fixed 12) PASS\n"), "\(better)")
        let worse = TextReporter(color: false).render(Self.significance(regressed: 9, fixed: 1, p: 0.0215, passed: false))
        #expect(worse.contains("  GATE significant_regression[tuned] p 0.021 >= 0.050 (regressed 9 > fixed 1) FAIL\n"), "\(worse)")
        let noise = TextReporter(color: false).render(Self.significance(regressed: 2, fixed: 1, p: 1.0, passed: true))
        #expect(noise.contains("  GATE significant_regression[tuned] p 1.000 >= 0.050 (regressed 2 > fixed 1) PASS\n"), "\(noise)")
        let markdown = MarkdownReporter.render(Self.significance(regressed: 0, fixed: 12, p: 0.0005, passed: true))
        #expect(markdown.contains("| significant\\_regression | tuned | not worse (regressed 0 <= fixed 12) | 0.050 | PASS |"), "\(markdown)")
    }

    @Test func colourOffMeansNoEscapeByteAndOnMeansColour() {
        #expect(!Self.plain.unicodeScalars.contains("\u{1B}"))
        var colouring = Self.hinted
        colouring.color = true
        let coloured = colouring.render(ReportFixtures.run())
        #expect(coloured.contains("\u{1B}[31mFAIL\u{1B}[0m tuned roman"))
        #expect(coloured.contains("\u{1B}[31mFAIL\u{1B}[0m\n"))
        #expect(coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == Self.plain)
    }

    @Test func controlCharactersInModelTextAreMadeVisible() {
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{7}x\u{0}y\r"
        let report = ReportFixtures.single([
            CaseReport(id: "evil", prompt: "p", output: hostile, outcome: .failed, messages: ["got \(hostile)"], failureType: "exact",
                       details: "line one\ngot: \(hostile)"),
        ])
        for color in [false, true] {
            let text = TextReporter(color: color).render(report)
            let raw = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            #expect(!raw.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(raw.contains("FAIL tuned evil: got \\u{1B}[2J\\u{1B}]0;pwned\\u{7}x\\u{0}y\\r [exact]"))
            #expect(raw.contains("\n    got: \\u{1B}[2J"))
        }
    }

    @Test func interruptedRunSummarisesCasesNotRunAndListsNoOtherSkips() {
        let report = ReportFixtures.single([
            CaseReport(id: "a", prompt: "1", output: "2", outcome: .passed),
            CaseReport(id: "b", prompt: "2", outcome: .skipped, reason: .interrupted),
            CaseReport(id: "c", prompt: "3", outcome: .skipped, reason: .interrupted),
        ], interrupted: true)
        let text = TextReporter(color: false).render(report)
        #expect(text.hasPrefix("interrupted: "))
        #expect(text.contains("\ntuned: 2 cases not run (interrupted)\n"))
        #expect(!text.contains("tuned b") && !text.contains("tuned c"))
        #expect(text.hasSuffix("tuned: 1 passed, 0 failed, 0 errors, 2 skipped (pass rate 100.0%)\n"))
    }

    @Test func verboseListsPassingAndSkippedCasesAndEveryChangedRow() {
        let report = ReportFixtures.single([
            CaseReport(id: "a", prompt: "1", output: "2", outcome: .passed, latencyMs: 12),
            CaseReport(id: "b", prompt: "2", outcome: .skipped, reason: .interrupted),
        ])
        let quiet = TextReporter(color: false).render(report)
        let verbose = TextReporter(color: false, verbose: true).render(report)
        #expect(!quiet.contains("PASS tuned a") && !quiet.contains("SKIP"))
        #expect(verbose.contains("PASS tuned a (12 ms)\n"))
        #expect(verbose.contains("SKIP tuned b: interrupted\n"))
    }

    @Test func longDiffsAreCutUnlessVerbose() {
        let diff = "--- golden\n+++ output\n" + (1...100).map { "-old \($0)\n+new \($0)" }.joined(separator: "\n") + "\n"
        let report = ReportFixtures.single([
            CaseReport(id: "long", prompt: "p", output: "new", outcome: .passed, golden: .changed, goldenDiff: diff),
        ])
        let short = Self.hinted.render(report)
        #expect(short.contains("      -old 19\n      +new 19\n      … 162 more lines (--verbose shows all)\n"))
        #expect(TextReporter(color: false).render(report).contains("      … 162 more lines\n"), "without a hint, only how much was left out")
        #expect(!short.contains("+new 20"))
        let full = TextReporter(color: false, verbose: true).render(report)
        #expect(full.contains("      +new 100\n"))
        #expect(!full.contains("more lines"))
    }

    @Test func severalSuitesAddUpTheClosingLinePerTarget() {
        var report = ReportFixtures.single([CaseReport(id: "a", prompt: "1", output: "2", outcome: .passed)])
        var second = report.suites[0]
        second.suite = "other"
        second.targets[0] = TargetReport(target: "tuned", provider: "command", model: nil, judged: true, cases: [
            CaseReport(id: "x", prompt: "1", output: "3", outcome: .failed, messages: ["expected \"2\", got \"3\""]),
        ])
        report.suites.append(second)
        let text = TextReporter(color: false).render(report)
        #expect(text.hasSuffix("\n\ntuned: 1 passed, 1 failed, 0 errors, 0 skipped (pass rate 50.0%)\n"))
    }
}
