import EvalKit
import Testing

@Suite struct ComparatorTests {
    typealias F = CompareFixtures

    static let transitions: [(baseline: Outcome?, candidate: Outcome?, expected: Transition)] = [
        (.passed, .passed, .stillPassing),
        (.failed, .failed, .stillFailing),
        (.failed, .passed, .fixed),
        (.passed, .failed, .regressed),
        (.error, .passed, .incomparable),
        (.passed, .error, .incomparable),
        (.error, .error, .incomparable),
        (.skipped, .passed, .incomparable),
        (.failed, .skipped, .incomparable),
        (nil, .passed, .incomparable),
        (.failed, nil, .incomparable),
    ]

    @Test(arguments: transitions)
    func transition(row: (baseline: Outcome?, candidate: Outcome?, expected: Transition)) {
        let before = row.baseline.map { F.item("x", $0, "a") }
        let after = row.candidate.map { F.item("x", $0, "a") }
        #expect(Comparator.transition(baseline: before, candidate: after) == row.expected)
    }

    @Test func outputChangedOnlyWhenBothAnswered() {
        #expect(Comparator.outputChanged(baseline: F.item("x", .passed, "2"), candidate: F.item("x", .failed, "3")) == true)
        #expect(Comparator.outputChanged(baseline: F.item("x", .failed, "2"), candidate: F.item("x", .passed, "2")) == false)
        #expect(Comparator.outputChanged(baseline: F.item("x", .error), candidate: F.item("x", .passed, "2")) == nil)
        #expect(Comparator.outputChanged(baseline: nil, candidate: F.item("x", .passed, "2")) == nil)
    }

    @Test func compareCountsAnnotatesAndRates() throws {
        let baseline = F.target("base", judged: false, [
            F.item("a", .passed, "1"),
            F.item("b", .failed, "x"),
            F.item("c", .failed, "y"),
            F.item("c2", .failed, "y2"),
            F.item("d", .failed, "z"),
            F.item("d2", .failed, "w"),
            F.item("e", .error),
            F.item("f", .passed, "6"),
            F.item("h", .passed, "8"),
            F.item("i", .passed, "9"),
        ])
        let candidate = F.target("tuned", [
            F.item("a", .passed, "1"),
            F.item("b", .passed, "2"),
            F.item("c", .passed, "3"),
            F.item("c2", .passed, "4"),
            F.item("d", .failed, "z"),
            F.item("d2", .failed, "W"),
            F.item("e", .passed, "5"),
            F.item("f", .skipped),
            F.item("g", .failed, "7"),
            F.item("i", .failed, "nine"),
        ])
        let (comparison, cases) = Comparator.compare(baseline: baseline, candidate: candidate)

        #expect(comparison.baseline == "base")
        #expect(comparison.candidate == "tuned")
        #expect(comparison.stillPassing == 1)
        #expect(comparison.fixed == 3)
        #expect(comparison.stillFailing == 2)
        #expect(comparison.regressed == 1)
        // e (error), f (skipped), g (not in the baseline), h (not in the candidate).
        #expect(comparison.incomparable == 4)
        // b, c, c2, d2 and i; e answered on one side only.
        #expect(comparison.changedOutputs == 5)
        // 1 regressed vs 3 fixed: 2 · P(X ≤ 1), X ~ Bin(4, ½) = 2 · 5/16 (scipy binomtest(1, 4).pvalue).
        #expect(try abs(#require(comparison.mcnemarP) - 0.625) < 1e-12)
        // Baseline 4 of 9 answered, candidate 5 of 9; intervals from
        // scipy.stats.binomtest(k, 9).proportion_ci(method='wilson').
        #expect(comparison.baselinePassRate.rate == 4.0 / 9.0)
        #expect(try abs(#require(comparison.baselinePassRate.low) - 0.18877852109766463) < 1e-12)
        #expect(try abs(#require(comparison.baselinePassRate.high) - 0.733348706504507) < 1e-12)
        #expect(comparison.candidatePassRate.rate == 5.0 / 9.0)
        #expect(try abs(#require(comparison.candidatePassRate.low) - 0.2666512934954931) < 1e-12)
        #expect(try abs(#require(comparison.candidatePassRate.high) - 0.8112214789023354) < 1e-12)

        #expect(cases.map(\.id) == candidate.cases.map(\.id))
        let expected: [String: (Transition, Bool?)] = [
            "a": (.stillPassing, false), "b": (.fixed, true), "c": (.fixed, true), "c2": (.fixed, true),
            "d": (.stillFailing, false), "d2": (.stillFailing, true), "e": (.incomparable, nil),
            "f": (.incomparable, nil), "g": (.incomparable, nil), "i": (.regressed, true),
        ]
        for item in cases {
            let want = try #require(expected[item.id])
            #expect(item.transition == want.0, "\(item.id)")
            #expect(item.outputChanged == want.1, "\(item.id)")
        }
        // Only the annotations differ from the candidate's own cases.
        let stripped = cases.map { item -> CaseReport in
            var copy = item
            copy.transition = nil
            copy.outputChanged = nil
            return copy
        }
        #expect(stripped == candidate.cases)
    }

    @Test func compareWithNothingAnsweredHasNullRates() {
        let baseline = F.target("base", judged: false, outcomes: [.error, .skipped])
        let candidate = F.target("tuned", outcomes: [.error, .error])
        let (comparison, _) = Comparator.compare(baseline: baseline, candidate: candidate)
        #expect(comparison.incomparable == 2)
        #expect(comparison.mcnemarP == 1)
        #expect(comparison.baselinePassRate == RateInterval(rate: nil, low: nil, high: nil))
        #expect(comparison.candidatePassRate == RateInterval(rate: nil, low: nil, high: nil))
    }

    // MARK: compare OLD.json NEW.json

    static func savedRun(suites: [SuiteReport], startedAt: String) -> RunReport {
        RunReport(evalsVersion: "0.0.9", startedAt: startedAt, finishedAt: startedAt, suites: suites.map { ReportAssembler.assemble($0) })
    }

    static let old = savedRun(suites: [
        F.suite(named: "s1", baseline: "base", [
            F.target("base", judged: false, outcomes: [.failed, .failed, .failed]),
            F.target("tuned", outcomes: [.passed, .passed, .failed]),
            F.target("retired", outcomes: [.passed, .passed, .passed]),
        ]),
        F.suite(named: "gone", [F.target("tuned", outcomes: [.passed])]),
    ], startedAt: "2025-01-01T00:00:00Z")

    static let new = savedRun(suites: [
        F.suite(named: "s1", baseline: "base", gate: GateConfig(minPassRate: 0.5, significantRegression: 0.9), [
            F.target("base", judged: false, outcomes: [.passed, .passed, .passed]),
            F.target("tuned", outcomes: [.failed, .passed, .passed]),
            F.target("fresh", outcomes: [.passed, .error, .passed]),
        ]),
        F.suite(named: "added", [F.target("tuned", outcomes: [.passed])]),
    ], startedAt: "2025-02-01T00:00:00Z")

    @Test func compareRunsLabelsSidesAndComparesJudgedTargets() throws {
        let report = Comparator.compareRuns(old: Self.old, new: Self.new)
        #expect(report.suites.map(\.suite) == ["s1", "added", "gone"])
        #expect(report.shard == nil)
        #expect(report.startedAt == "2025-02-01T00:00:00Z")

        let s1 = report.suites[0]
        #expect(s1.targets.map(\.target) == ["tuned@old", "tuned@new", "fresh@new", "retired@old"])
        #expect(s1.targets.map(\.judged) == [false, true, true, false])
        #expect(s1.baseline == nil)
        #expect(s1.comparisons.count == 1)
        let comparison = try #require(s1.comparisons.first)
        #expect(comparison.baseline == "tuned@old")
        #expect(comparison.candidate == "tuned@new")
        #expect(comparison.regressed == 1)
        #expect(comparison.fixed == 1)
        #expect(comparison.stillPassing == 1)
        #expect(s1.targets[1].cases.map(\.transition) == [.regressed, .stillPassing, .fixed])
        #expect(s1.targets[0].cases.allSatisfy { $0.transition == nil })
        #expect(s1.targets[2].cases.allSatisfy { $0.transition == nil })

        #expect(report.suites[1].targets.map(\.target) == ["tuned@new"])
        #expect(report.suites[2].targets.map(\.target) == ["tuned@old"])
        #expect(report.suites[2].gates.isEmpty)
    }

    @Test func compareRunsGatesComeFromNewAndTheOverrides() throws {
        let plain = Comparator.compareRuns(old: Self.old, new: Self.new)
        let s1 = plain.suites[0]
        #expect(s1.gate == GateConfig(minPassRate: 0.5, significantRegression: 0.9))
        #expect(s1.gates.map(\.gate.rawValue) == [
            "min_pass_rate", "significant_regression", "max_error_rate",
            "min_pass_rate", "max_error_rate",
        ])
        #expect(s1.gates.map(\.target) == ["tuned@new", "tuned@new", "tuned@new", "fresh@new", "fresh@new"])
        // fresh@new has one error of three cases run, over the default limit of 0.
        #expect(plain.exitCode == 3)

        let overridden = Comparator.compareRuns(old: Self.old, new: Self.new, gateOverrides: GateOverrides(maxRegressions: 0, maxErrorRate: 0.5))
        let gates = overridden.suites[0].gates
        let regressions = try #require(gates.first { $0.gate == .maxRegressions })
        #expect(regressions.target == "tuned@new")
        #expect(regressions.value == 1)
        #expect(regressions.limit == 0)
        #expect(!regressions.passed)
        #expect(overridden.suites[0].gate.maxErrorRate == 0.5)
        #expect(overridden.exitCode == 1)
    }

    /// A case the matchers passed but the candidate's own golden check failed.
    static func goldenFailed(_ id: String) -> CaseReport {
        var item = F.item(id, .failed, "new text")
        item.matcherVerdict = .passed
        item.failureType = "golden"
        return item
    }

    /// A golden-only case: no matchers, so no verdict to compare, whatever its outcome.
    static func goldenOnly(_ id: String, _ outcome: Outcome) -> CaseReport {
        var item = F.item(id, outcome, "text")
        item.matcherVerdict = nil
        return item
    }

    @Test func transitionsCompareTheMatchersVerdictsNeverTheGoldenCheck() {
        #expect(Comparator.transition(baseline: F.item("x", .passed, "a"), candidate: Self.goldenFailed("x")) == .stillPassing)
        #expect(Comparator.transition(baseline: F.item("x", .failed, "a"), candidate: Self.goldenFailed("x")) == .fixed)
        #expect(Comparator.transition(baseline: Self.goldenOnly("x", .passed), candidate: Self.goldenOnly("x", .failed)) == .incomparable)
        #expect(Comparator.transition(baseline: Self.goldenOnly("x", .passed), candidate: Self.goldenOnly("x", .passed)) == .incomparable)
    }

    @Test func goldenFailuresAreNoRegressionsAndGoldenOnlyCasesAreLeftOut() {
        let baseline = F.target("base", judged: false, [
            F.item("a", .passed, "1"), F.item("b", .failed, "x"), Self.goldenOnly("c", .passed),
        ])
        let candidate = F.target("tuned", [
            Self.goldenFailed("a"), Self.goldenFailed("b"), Self.goldenOnly("c", .failed),
        ])
        let (report, cases) = Comparator.compare(baseline: baseline, candidate: candidate)
        #expect(cases.map(\.transition) == [.stillPassing, .fixed, .incomparable])
        #expect(report.regressed == 0 && report.fixed == 1 && report.stillPassing == 1 && report.incomparable == 1)
        #expect(report.mcnemarP == Statistics.mcnemarExactP(regressed: 0, fixed: 1))
    }

    @Test func savedRunsCompareTheMatchersVerdictsToo() throws {
        func run(_ cases: [CaseReport]) throws -> RunReport {
            let suite = ReportAssembler.assemble(F.suite([F.target("tuned", cases)]))
            let report = RunReport(evalsVersion: "0", startedAt: "a", finishedAt: "b", suites: [suite])
            return try JSONReporter.decode(JSONReporter.render(report), path: "results.json")
        }
        let old = try run([F.item("a", .passed, "1"), Self.goldenOnly("g", .passed)])
        let new = try run([Self.goldenFailed("a"), Self.goldenOnly("g", .failed)])
        let compared = Comparator.compareRuns(old: old, new: new)
        let comparison = try #require(compared.suites.first?.comparisons.first)
        #expect(comparison.regressed == 0 && comparison.stillPassing == 1 && comparison.incomparable == 1)
        let cases = try #require(compared.suites.first?.targets.first { $0.target == "tuned@new" }).cases
        #expect(cases.map(\.transition) == [.stillPassing, .incomparable])
    }
}

