import EvalKitResults

/// The judge of a suite's gates (SPEC §7.3): one verdict per configured gate and judged target.
public enum GateEvaluator {
    /// The `target` of a gate that judges every target of the suite together (`max_cost`); no
    /// target can have this name.
    public static let allTargets = "all targets"

    /// Evaluates `config` over the suite's judged targets and its comparisons.
    ///
    /// A gate is included only when configured. Per judged target, in target order:
    /// `min_pass_rate` (value: passed / answered), `max_regressions` and `significant_regression`
    /// when the target was compared with a baseline (values: the regressed count and the McNemar
    /// p-value), and `max_error_rate` (value: errors / cases run). A gate whose value is nil —
    /// nothing answered, nothing run — holds. Then, once for the whole suite, `max_cost` (value:
    /// the known cost of the cases of the targets the run sent to, `runTargets`), which fails
    /// when the cost reached the limit or a case was skipped for it (`cost_limit`); nil when no
    /// such target has a price.
    public static func evaluate(suite: SuiteReport, config: GateConfig) -> [GateResult] {
        var results: [GateResult] = []
        for target in suite.targets where target.judged {
            let counts = target.caseCounts
            let comparison = suite.comparisons.first { $0.candidate == target.target }
            if let limit = config.minPassRate {
                let value = counts.passRate
                results.append(GateResult(gate: .minPassRate, target: target.target, limit: limit, value: value, passed: value.map { $0 >= limit } ?? true))
            }
            if let comparison, let limit = config.maxRegressions {
                let value = comparison.regressed
                results.append(GateResult(gate: .maxRegressions, target: target.target, limit: Double(limit), value: Double(value), passed: value <= limit))
            }
            if let comparison, let limit = config.significantRegression {
                let value = comparison.mcnemarP
                let significant = comparison.regressed > comparison.fixed && (value.map { $0 < limit } ?? false)
                results.append(GateResult(gate: .significantRegression, target: target.target, limit: limit, value: value, passed: !significant))
            }
            if let limit = config.maxErrorRate {
                let value = counts.errorRate
                results.append(GateResult(gate: .maxErrorRate, target: target.target, limit: limit, value: value, passed: value.map { $0 <= limit } ?? true))
            }
        }
        if let limit = config.maxCost {
            let value = Cost.total(runTargets(suite).lazy.map(\.cost))?.usd
            let skipped = costLimitedCases(suite) > 0
            results.append(GateResult(gate: .maxCost, target: allTargets, limit: limit, value: value, passed: !skipped && value.map { $0 < limit } ?? true))
        }
        return results
    }

    /// The targets whose spend a cost limit covers: the judged ones and the suite's baseline.
    /// The earlier run's targets in `evals compare` are neither: that money was spent before.
    public static func runTargets(_ suite: SuiteReport) -> [TargetReport] {
        suite.targets.filter { $0.judged || $0.target == suite.baseline }
    }

    /// The cases of the run's targets that were not sent because the run's spend reached its limit.
    public static func costLimitedCases(_ suite: SuiteReport) -> Int {
        runTargets(suite).reduce(0) { sum, target in sum + target.costLimitedCount }
    }
}
