import Foundation

/// The statistics of a comparison: Wilson score intervals for pass rates and the exact McNemar test.
public enum Statistics {
    /// The two-sided 95% normal quantile, `Φ⁻¹(0.975)`.
    public static let z95 = 1.959963984540054

    /// The Wilson score interval of `successes` out of `trials`; every figure is nil when
    /// `trials` is 0 (nothing to rate).
    public static func wilson(successes: Int, trials: Int, z: Double = Statistics.z95) -> RateInterval {
        precondition(successes >= 0 && successes <= trials, "successes must lie in 0...trials")
        guard trials > 0 else { return RateInterval(rate: nil, low: nil, high: nil) }
        let n = Double(trials)
        let rate = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (rate + z2 / (2 * n)) / denominator
        let half = z * (rate * (1 - rate) / n + z2 / (4 * n * n)).squareRoot() / denominator
        let low = successes == 0 ? 0 : max(0, center - half)
        let high = successes == trials ? 1 : min(1, center + half)
        return RateInterval(rate: rate, low: low, high: high)
    }

    /// The exact two-sided McNemar p-value over the discordant cases: with `n = b + c`,
    /// `min(1, 2 · P(X ≤ min(b, c)))` for `X ~ Binomial(n, ½)`; 1 when there are none.
    public static func mcnemarExactP(regressed b: Int, fixed c: Int) -> Double {
        precondition(b >= 0 && c >= 0, "counts must not be negative")
        let n = b + c
        let k = min(b, c)
        // With k ≥ n/2 the lower tail holds at least half the mass, so the doubled tail is ≥ 1.
        guard n > 0, 2 * k < n else { return 1 }
        return min(1, 2 * binomialHalfLowerTail(k, n))
    }

    /// `P(X ≤ k)` for `X ~ Binomial(n, ½)` and `k < n/2`.
    ///
    /// Up to `n = 1000` the binomial coefficients fit a `Double`: their sum is scaled by `2⁻ⁿ`
    /// exactly, so small counts give exact dyadic p-values (5 vs 0 gives 0.0625). Beyond, the sum
    /// runs in log space so that it never overflows: the top term `C(n, k) / 2ⁿ` as a sum of
    /// logarithms, times the sum of the terms below it relative to it (each
    /// `pmf(i-1) / pmf(i) = i / (n-i+1)`, a decreasing series).
    static func binomialHalfLowerTail(_ k: Int, _ n: Int) -> Double {
        if n <= 1000 {
            var coefficient = 1.0
            var sum = 1.0
            for i in 0..<k {
                coefficient = coefficient * Double(n - i) / Double(i + 1)
                sum += coefficient
            }
            return Double(sign: .plus, exponent: -n, significand: sum)
        }
        var logChoose = 0.0
        if k > 0 {
            for i in 1...k {
                logChoose += log(Double(n - k + i) / Double(i))
            }
        }
        let logTop = logChoose - Double(n) * log(2.0)
        var sum = 1.0
        var term = 1.0
        var i = k
        while i > 0 {
            term *= Double(i) / Double(n - i + 1)
            sum += term
            if term < sum * 1e-17 { break }
            i -= 1
        }
        return exp(logTop + log(sum))
    }
}
