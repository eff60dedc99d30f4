import Foundation

/// The paired statistics of a comparison (SPEC §15, after Miller 2024, "Adding Error Bars to
/// Evals"): over the `n` cases that both sides answered, `d_i` is the candidate's outcome minus
/// the baseline's, each 1 for passed and 0 for failed, so a fix is +1, a regression −1 and an
/// unchanged verdict 0.
///
/// Variances and standard deviations are the sample ones (divided by `n − 1`).
public struct PairedStatistics: Sendable, Equatable {
    /// `z(0.975) + z(0.80)`: the minimum detectable effect at α = 0.05 (two-sided) and 80% power,
    /// in standard errors.
    public static let mdeFactor = 2.8016
    /// `(z(0.975) + z(0.80))²`: the cases needed per unit of `var(d) / X²`.
    public static let casesNeededFactor = 7.849
    /// The effect size `--detect` speaks of unless given: 5 points.
    public static let defaultDetect = 0.05

    /// Cases answered on both sides.
    public var n: Int
    /// `mean(d)`, the candidate's pass rate minus the baseline's over the paired cases; nil for none.
    public var mean: Double?
    /// The sample variance of `d`; nil when `n < 2`.
    public var variance: Double?

    /// The statistics of the differences `d_i` themselves.
    public init(differences: [Double]) {
        n = differences.count
        guard n > 0 else { return }
        let mean = differences.reduce(0, +) / Double(n)
        self.mean = mean
        guard n > 1 else { return }
        variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    }

    /// The statistics of a comparison's transitions: `fixed` cases with d = +1, `regressed`
    /// with d = −1 and `unchanged` (still passing or still failing) with d = 0.
    public init(fixed: Int, regressed: Int, unchanged: Int) {
        precondition(fixed >= 0 && regressed >= 0 && unchanged >= 0, "counts must not be negative")
        n = fixed + regressed + unchanged
        guard n > 0 else { return }
        let mean = Double(fixed - regressed) / Double(n)
        self.mean = mean
        guard n > 1 else { return }
        let squares = Double(fixed) * (1 - mean) * (1 - mean) + Double(regressed) * (1 + mean) * (1 + mean) + Double(unchanged) * mean * mean
        variance = squares / Double(n - 1)
    }

    /// The sample standard deviation of `d`; nil when `n < 2`.
    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

    /// The standard error of `mean(d)`, `sd(d) / √n`; nil when `n < 2`.
    public var standardError: Double? { standardDeviation.map { $0 / Double(n).squareRoot() } }

    /// `mean(d)` with its 95% interval `mean(d) ± t(0.975, n − 1) · sd(d) / √n`; the interval
    /// is nil when `n < 2`, the mean when `n` is 0.
    public var difference: PairedDifference {
        guard let mean, let standardError else { return PairedDifference(mean: mean, low: nil, high: nil) }
        let half = Statistics.studentTQuantile(0.975, df: Double(n - 1)) * standardError
        return PairedDifference(mean: mean, low: mean - half, high: mean + half)
    }

    /// The minimum detectable effect at 80% power and α = 0.05, `2.8016 · sd(d) / √n`; nil
    /// when `n < 2`.
    public var mde: Double? { standardError.map { Self.mdeFactor * $0 } }

    /// The cases needed to detect a change of `x` (a difference of pass rates, 0 < x ≤ 1),
    /// `ceil(7.849 · var(d) / x²)`; nil when `n < 2`.
    public func casesNeeded(toDetect x: Double) -> Int? {
        precondition(x > 0, "the effect to detect must be positive")
        guard let variance else { return nil }
        let exact = Self.casesNeededFactor * variance / (x * x)
        // Products such as 7.849 · 0.25 / 0.05² land a rounding error above a whole number.
        return Int((exact - 1e-9 * max(1, exact)).rounded(.up))
    }
}
