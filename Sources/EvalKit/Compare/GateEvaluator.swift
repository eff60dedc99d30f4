/// The judge of a suite's gates (SPEC §7.3): one verdict per configured gate and judged target.
public enum GateEvaluator {
    /// The gates, by the name recorded in `GateResult.gate`.
    public enum Kind: String, Sendable, CaseIterable {
        case minPassRate = "min_pass_rate"
        case maxRegressions = "max_regressions"
        case significantRegression = "significant_regression"
        case maxErrorRate = "max_error_rate"
    }

    /// Evaluates `config` over the suite's judged targets and its comparisons.
    ///
    /// A gate is included only when configured. Per judged target, in target order:
    /// `min_pass_rate` (value: passed / answered), `max_regressions` and `significant_regression`
    /// when the target was compared with a baseline (values: the regressed count and the McNemar
    /// p-value), and `max_error_rate` (value: errors / cases run). A gate whose value is nil —
    /// nothing answered, nothing run — holds.
    public static func evaluate(suite: SuiteReport, config: GateConfig) -> [GateResult] {
        var results: [GateResult] = []
        for target in suite.targets where target.judged {
            let counts = target.caseCounts
            let comparison = suite.comparisons.first { $0.candidate == target.target }
            if let limit = config.minPassRate {
                let value = counts.passRate
                results.append(GateResult(gate: Kind.minPassRate.rawValue, target: target.target, limit: limit, value: value, passed: value.map { $0 >= limit } ?? true))
            }
            if let comparison, let limit = config.maxRegressions {
                let value = comparison.regressed
                results.append(GateResult(gate: Kind.maxRegressions.rawValue, target: target.target, limit: Double(limit), value: Double(value), passed: value <= limit))
            }
            if let comparison, let limit = config.significantRegression {
                let value = comparison.mcnemarP
                let significant = comparison.regressed > comparison.fixed && (value.map { $0 < limit } ?? false)
                results.append(GateResult(gate: Kind.significantRegression.rawValue, target: target.target, limit: limit, value: value, passed: !significant))
            }
            if let limit = config.maxErrorRate {
                let value = counts.errorRate
                results.append(GateResult(gate: Kind.maxErrorRate.rawValue, target: target.target, limit: limit, value: value, passed: value.map { $0 <= limit } ?? true))
            }
        }
        return results
    }

    static func counts(of cases: [CaseReport]) -> OutcomeCounts {
        OutcomeCounts(of: cases)
    }
}
