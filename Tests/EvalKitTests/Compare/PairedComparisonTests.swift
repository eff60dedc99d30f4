@testable import EvalKit
import Foundation
import Testing
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitCompare
@testable import EvalKitReporters

/// The SPEC §15 figures of a comparison, from the cases to results.json, the text report and the
/// Markdown summary.
@Suite struct PairedComparisonTests {
    typealias F = CompareFixtures

    /// 30 regressed, 10 fixed, 160 still passing, plus cases that are not paired: an error on
    /// one side and a golden-only case. The figures are those of
    /// `PairedStatisticsTests.transitionCountsByHand`.
    static func pair() -> (baseline: TargetReport, candidate: TargetReport) {
        var (baseline, candidate) = F.comparedPair(regressed: 30, fixed: 10, stillPassing: 160)
        baseline.cases.append(F.item("down", .passed, "yes"))
        candidate.cases.append(F.item("down", .error))
        var goldenOnly = F.item("golden-only", .passed, "yes")
        goldenOnly.matcherVerdict = nil
        baseline.cases.append(goldenOnly)
        candidate.cases.append(goldenOnly)
        return (baseline, candidate)
    }

    @Test func theComparisonCarriesThePairedFigures() throws {
        let (baseline, candidate) = Self.pair()
        let comparison = Comparator.compare(baseline: baseline, candidate: candidate).comparison
        #expect(comparison.incomparable == 2)
        #expect(comparison.pairedCases == 200)
        #expect(abs(try #require(comparison.pairedDifference.mean) - -0.1) < 1e-15)
        #expect(abs(try #require(comparison.pairedDifference.low) - -0.16093230432494895) < 1e-9)
        #expect(abs(try #require(comparison.pairedDifference.high) - -0.03906769567505106) < 1e-9)
        #expect(abs(try #require(comparison.pairedSD) - (38.0 / 199).squareRoot()) < 1e-15)
        #expect(abs(try #require(comparison.mde) - 0.0865678020615566) < 1e-12)
        #expect(comparison.detect == 0.05)
        #expect(comparison.casesNeeded == 600)
        let wider = Comparator.compare(baseline: baseline, candidate: candidate, detect: 0.1).comparison
        #expect(wider.detect == 0.1 && wider.casesNeeded == 150)
    }

    @Test func assembleKeepsTheDetectTheSuiteRecorded() {
        let (baseline, candidate) = Self.pair()
        let suite = F.suite(baseline: "base", [baseline, candidate])
        let first = ReportAssembler.assemble(suite, detect: 0.1)
        #expect(first.comparisons.map(\.casesNeeded) == [150])
        let again = ReportAssembler.assemble(first)
        #expect(again.comparisons.map(\.detect) == [0.1])
        #expect(again.comparisons.map(\.casesNeeded) == [150])
        #expect(ReportAssembler.assemble(suite).comparisons.map(\.casesNeeded) == [600])
        #expect(ReportAssembler.assemble(first, detect: 0.05).comparisons.map(\.casesNeeded) == [600])
    }

    @Test func mergeKeepsTheShardsDetectUnlessGiven() throws {
        let (baseline, candidate) = Self.pair()
        let suite = ReportAssembler.assemble(F.suite(baseline: "base", [baseline, candidate]), detect: 0.1)
        let shard = RunReport(evalsVersion: "0", startedAt: "t0", finishedAt: "t1", shard: "1/1", suites: [suite])
        let merged = try ShardMerger.merge([(path: "s.json", report: shard)])
        #expect(merged.suites[0].comparisons.map(\.casesNeeded) == [150])
        let given = try ShardMerger.merge([(path: "s.json", report: shard)], detect: 0.05)
        #expect(given.suites[0].comparisons.map(\.casesNeeded) == [600])
    }

    static func run() -> RunReport {
        let (baseline, candidate) = pair()
        let repeated = F.target("sampled", [
            CaseReport(id: "p0", prompt: "p", output: "x", outcome: .passed, matcherVerdict: .passed, samples: 3, passes: 2, flaky: true,
                       sampleResults: [SampleReport(output: "x", outcome: .passed), SampleReport(output: "y", outcome: .failed), SampleReport(output: "x", outcome: .passed)]),
        ])
        let compared = ReportAssembler.assemble(F.suite(baseline: "base", [candidate, baseline]))
        let sampled = ReportAssembler.assemble(F.suite(named: "r", [repeated]))
        return RunReport(evalsVersion: "0", startedAt: "t0", finishedAt: "t1", suites: [compared, sampled])
    }

    @Test func resultsJSONHasTheFigures() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: JSONReporter.render(Self.run())) as? [String: Any])
        let suites = try #require(object["suites"] as? [[String: Any]])
        let suite = suites[0]
        let comparison = try #require((suite["comparisons"] as? [[String: Any]])?.first)
        let difference = try #require(comparison["paired_difference"] as? [String: Any])
        #expect(Set(difference.keys) == ["mean", "low", "high"])
        #expect(abs(try #require(difference["mean"] as? Double) - -0.1) < 1e-15)
        #expect(comparison["paired_cases"] as? Int == 200)
        #expect(comparison["cases_needed"] as? Int == 600)
        #expect(comparison["detect"] as? Double == 0.05)
        #expect(abs(try #require(comparison["mde"] as? Double) - 0.0865678020615566) < 1e-12)

        let targets = try #require(suite["targets"] as? [[String: Any]])
        let sampled = try #require((suites[1]["targets"] as? [[String: Any]])?.first)
        let passAtK = try #require(sampled["pass_at_k"] as? [String: Double])
        let passAllK = try #require(sampled["pass_all_k"] as? [String: Double])
        // 2 passes of 3 samples: pass@1 = 2/3, pass@3 = 1, pass^3 = 0.
        #expect(Set(passAtK.keys) == ["1", "3"])
        #expect(abs(try #require(passAtK["1"]) - 2.0 / 3) < 1e-15 && passAtK["3"] == 1)
        #expect(passAllK["3"] == 0)
        let single = try #require(targets.first { $0["target"] as? String == "tuned" })
        #expect(single["pass_at_k"] is NSNull && single["pass_all_k"] is NSNull)

        let decoded = try JSONReporter.decode(JSONReporter.render(Self.run()), path: "r.json")
        #expect(decoded == Self.run())
    }

    @Test func theTextReportSaysWhatTheSuiteCanDetect() {
        let text = TextReporter(color: false).render(Self.run())
        #expect(text.contains("""
              fixed 10, regressed 30, still passing 160, still failing 0, incomparable 2, outputs changed 40; McNemar p = 0.002
              paired difference (tuned minus base): -10.0 points (95% CI -16.1 to -3.9) over 200 cases answered on both sides; the interval excludes 0: tuned is worse
              this suite can detect a drop of 8.7 points (80% power, α = 0.05); 600 cases would detect 5
            """), "\(text)")
        #expect(text.contains("""
            repeats:
              sampled  pass@1 66.6%, pass@3 100.0%, pass^3 0.0%
              pass@3: at least one of 3 samples of a case passes; pass^3: all 3 pass; each k averaged over the cases with at least k answered samples (errors left out)
            """), "\(text)")
    }

    @Test func aLargeEnoughSuiteSaysSo() throws {
        let (baseline, candidate) = F.comparedPair(regressed: 1, fixed: 0, stillPassing: 999)
        let comparison = Comparator.compare(baseline: baseline, candidate: candidate).comparison
        // var(d) = (0.999² + 999 · 0.001²) / 999 = 0.001, so mde = 2.8016 · 0.001 = 0.28 points and
        // 7.849 · 0.001 / 0.05² = 3.14 → 4 cases.
        #expect(comparison.casesNeeded == 4)
        #expect(StatisticsWording.power(comparison) == "this suite can detect a drop of 0.3 points (80% power, α = 0.05); its 1,000 cases are enough to detect 5")
    }

    @Test func theDifferenceLineSaysWhetherTheIntervalExcludesZero() {
        let (worseBase, worse) = F.comparedPair(regressed: 30, fixed: 10, stillPassing: 160)
        let (betterBase, better) = F.comparedPair(regressed: 10, fixed: 30, stillPassing: 160)
        let (sameBase, same) = F.comparedPair(regressed: 12, fixed: 10, stillPassing: 160)
        func line(_ baseline: TargetReport, _ candidate: TargetReport) -> String {
            StatisticsWording.difference(Comparator.compare(baseline: baseline, candidate: candidate).comparison, baseline: "base", candidate: "tuned")
        }
        #expect(line(worseBase, worse).hasSuffix("; the interval excludes 0: tuned is worse"))
        #expect(line(betterBase, better) == "paired difference (tuned minus base): +10.0 points (95% CI +3.9 to +16.1) over 200 cases answered on both sides; the interval excludes 0: tuned is better")
        #expect(line(sameBase, same).hasSuffix("; the interval includes 0: no difference shown"))
    }

    @Test(arguments: [(0.05, "5"), (0.025, "2.5"), (0.0025, "0.25"), (1.0, "100"), (0.1, "10")])
    func theEffectToDetectIsWrittenInPoints(detect: Double, text: String) {
        #expect(StatisticsWording.points(detect, trimmed: true) == text)
    }

    @Test func noChangeAndTooFewCasesAreSaidPlainly() {
        let (baseline, candidate) = F.comparedPair(regressed: 0, fixed: 0, stillPassing: 3)
        let unchanged = Comparator.compare(baseline: baseline, candidate: candidate).comparison
        #expect(StatisticsWording.power(unchanged) == "no case changed its verdict, so this comparison cannot say how small a drop the suite would detect")
        let (one, other) = F.comparedPair(regressed: 1, fixed: 0)
        let single = Comparator.compare(baseline: one, candidate: other).comparison
        #expect(StatisticsWording.power(single) == nil)
        #expect(StatisticsWording.difference(single, baseline: "base", candidate: "tuned") == "paired difference (tuned minus base): -100.0 points over 1 case answered on both sides")
        let none = Comparator.compare(baseline: F.target("base", judged: false, []), candidate: F.target("tuned", [])).comparison
        #expect(StatisticsWording.difference(none, baseline: "base", candidate: "tuned") == "paired difference (tuned minus base): n/a (no case answered on both sides)")
    }

    @Test func theMarkdownSummaryHasTheComparisonAndTheRepeats() {
        let markdown = MarkdownReporter.render(Self.run())
        #expect(markdown.contains("""
            ### Comparison

            | suite | baseline → candidate | baseline pass rate | candidate pass rate | difference, points (95% CI) | fixed | regressed | McNemar p | mde, points |
            |---|---|---:|---:|---:|---:|---:|---:|---:|
            | s | base → tuned | 95.0% (91.1–97.3%) | 85.0% (79.5–89.3%) | -10.0 (-16.1 to -3.9) | 10 | 30 | 0.002 | 8.7 |

            - base → tuned: this suite can detect a drop of 8.7 points (80% power, α = 0.05); 600 cases would detect 5.
            """), "\(markdown)")
        #expect(markdown.contains("""
            ### Repeats

            | suite | target | k | pass@1 | pass@k | pass^k |
            |---|---|---:|---:|---:|---:|
            | r | sampled | 3 | 66.6% | 100.0% | 0.0% |
            """), "\(markdown)")
    }
}
