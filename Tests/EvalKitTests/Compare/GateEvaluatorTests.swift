import EvalKit
import Testing

@Suite struct GateEvaluatorTests {
    typealias F = CompareFixtures

    @Test func defaultGatesPerJudgedTarget() {
        let suite = F.suite([
            F.target("base", judged: false, outcomes: [.failed, .error]),
            F.target("tuned", outcomes: [.passed, .passed, .failed, .skipped]),
        ])
        let gates = GateEvaluator.evaluate(suite: suite, config: GateConfig())
        #expect(gates == [
            GateResult(gate: .minPassRate, target: "tuned", limit: 1, value: 2.0 / 3.0, passed: false),
            GateResult(gate: .maxErrorRate, target: "tuned", limit: 0, value: 0, passed: true),
        ])
    }

    @Test func aNullFigureHolds() {
        let suite = F.suite([F.target("tuned", outcomes: [.error, .error, .skipped])])
        let gates = GateEvaluator.evaluate(suite: suite, config: GateConfig())
        #expect(gates == [
            GateResult(gate: .minPassRate, target: "tuned", limit: 1, value: nil, passed: true),
            GateResult(gate: .maxErrorRate, target: "tuned", limit: 0, value: 1, passed: false),
        ])
        // Every case errored: exit 3, not 1 (SPEC §2).
        #expect(RunVerdict.of(suites: [SuiteReport(suite: "s", file: "f", targets: [], gates: gates)]) == .tooManyErrors)

        let nothingRan = F.suite([F.target("tuned", outcomes: [.skipped])])
        #expect(GateEvaluator.evaluate(suite: nothingRan, config: GateConfig()).allSatisfy { $0.passed && $0.value == nil })
    }

    @Test func boundariesAreInclusive() {
        let suite = F.suite([F.target("tuned", outcomes: Array(repeating: .passed, count: 9) + [.failed, .error, .error])])
        let gates = GateEvaluator.evaluate(suite: suite, config: GateConfig(minPassRate: 0.9, maxErrorRate: 2.0 / 12.0))
        #expect(gates.map(\.passed) == [true, true])
        let stricter = GateEvaluator.evaluate(suite: suite, config: GateConfig(minPassRate: 0.91, maxErrorRate: 0.16))
        #expect(stricter.map(\.passed) == [false, false])
    }

    @Test func unconfiguredGatesAreLeftOut() {
        let suite = F.suite([F.target("tuned", outcomes: [.passed])])
        let config = GateConfig(minPassRate: nil, maxRegressions: 0, significantRegression: 0.05, maxErrorRate: nil)
        // No baseline: the comparison gates have nothing to judge.
        #expect(GateEvaluator.evaluate(suite: suite, config: config).isEmpty)
    }

    @Test func maxRegressionsCountsRegressedCases() {
        let pair = F.comparedPair(regressed: 2, fixed: 5, stillPassing: 3)
        let suite = ReportAssembler.assemble(F.suite(baseline: "base", gate: GateConfig(maxRegressions: 1), [pair.baseline, pair.candidate]))
        let gate = suite.gates.first { $0.gate == .maxRegressions }
        #expect(gate == GateResult(gate: .maxRegressions, target: "tuned", limit: 1, value: 2, passed: false))
        let lenient = GateEvaluator.evaluate(suite: suite, config: GateConfig(maxRegressions: 2))
        #expect(lenient.first { $0.gate == .maxRegressions }?.passed == true)
    }

    /// p-values from scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue.
    static let significance: [(regressed: Int, fixed: Int, p: Double, passed: Bool)] = [
        (10, 2, 0.03857421875, false),   // worse and significant
        (2, 10, 0.03857421875, true),    // significant, but better
        (5, 0, 0.0625, true),            // worse, not significant at 0.05
        (3, 3, 1.0, true),               // regressed == fixed
        (0, 0, 1.0, true),
    ]

    @Test(arguments: significance)
    func significantRegressionNeedsMoreRegressedThanFixed(row: (regressed: Int, fixed: Int, p: Double, passed: Bool)) throws {
        let pair = F.comparedPair(regressed: row.regressed, fixed: row.fixed, stillPassing: 1)
        let suite = ReportAssembler.assemble(F.suite(baseline: "base", gate: GateConfig(minPassRate: nil, significantRegression: 0.05, maxErrorRate: nil), [pair.baseline, pair.candidate]))
        #expect(suite.gates.count == 1)
        let gate = try #require(suite.gates.first)
        #expect(gate.gate == .significantRegression)
        #expect(gate.target == "tuned")
        #expect(gate.limit == 0.05)
        #expect(try abs(#require(gate.value) - row.p) < 1e-12)
        #expect(gate.passed == row.passed)
    }

    @Test func overridesReplaceOnlyWhatIsGiven() {
        let config = GateConfig(minPassRate: 0.8, maxRegressions: 3, significantRegression: 0.01, maxErrorRate: 0.1)
        #expect(GateOverrides().applied(to: config) == config)
        #expect(GateOverrides(minPassRate: 0.5, maxRegressions: 0, maxErrorRate: 0.2).applied(to: config)
            == GateConfig(minPassRate: 0.5, maxRegressions: 0, significantRegression: 0.01, maxErrorRate: 0.2))
        #expect(GateOverrides(maxRegressions: 1).applied(to: GateConfig()) == GateConfig(maxRegressions: 1))
    }

    static func suiteWith(_ gates: [(GateKind, Bool)]) -> SuiteReport {
        SuiteReport(suite: "s", file: "f", targets: [], gates: gates.map { GateResult(gate: $0.0, target: "t", limit: 0, value: 0, passed: $0.1) })
    }

    static let exitCodes: [(gates: [[(GateKind, Bool)]], code: Int32)] = [
        ([], 0),
        ([[(.minPassRate, true), (.maxErrorRate, true)]], 0),
        ([[(.minPassRate, false), (.maxErrorRate, true)]], 1),
        ([[(.minPassRate, true), (.maxErrorRate, false)]], 3),
        ([[(.minPassRate, false), (.maxErrorRate, false)]], 1),
        ([[(.maxErrorRate, false)], [(.maxRegressions, false)]], 1),
        ([[(.maxErrorRate, false)], [(.significantRegression, true)]], 3),
        ([[(.significantRegression, false)]], 1),
    ]

    @Test(arguments: exitCodes)
    func exitCode(row: (gates: [[(GateKind, Bool)]], code: Int32)) {
        #expect(RunVerdict.of(suites: row.gates.map(Self.suiteWith)).rawValue == row.code)
    }
}
