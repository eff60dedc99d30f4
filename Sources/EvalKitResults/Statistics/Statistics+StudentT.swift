import Foundation

extension Statistics {
    /// The quantile of Student's t distribution with `df` degrees of freedom: the `t` with
    /// `P(T ≤ t) = p`.
    ///
    /// One and two degrees of freedom have closed forms. Otherwise a Cornish–Fisher expansion
    /// around the normal quantile (Abramowitz & Stegun 26.7.5) gives the start, and Newton steps
    /// on the exact CDF (`studentTCDF`) refine it, bisecting within a bracket whenever a step
    /// would leave it; the result agrees with published tables to far better than 1e-9.
    public static func studentTQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1, "p must lie strictly between 0 and 1")
        precondition(df > 0, "the degrees of freedom must be positive")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -studentTQuantile(1 - p, df: df) }
        if df == 1 { return tan(Double.pi * (p - 0.5)) }
        if df == 2 { return (2 * p - 1) / (2 * p * (1 - p)).squareRoot() }

        var low = 0.0
        var high = 1.0
        while studentTCDF(high, df: df) < p { high *= 2 }
        var t = min(max(cornishFisherStart(p, df: df), low), high)
        for _ in 0..<100 {
            let error = studentTCDF(t, df: df) - p
            if error == 0 { return t }
            if error < 0 { low = t } else { high = t }
            var next = t - error / studentTDensity(t, df: df)
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }

    /// `P(T ≤ t)` for Student's t with `df` degrees of freedom, through the regularized
    /// incomplete beta function: the two tails hold `I_{df/(df+t²)}(df/2, 1/2)`.
    public static func studentTCDF(_ t: Double, df: Double) -> Double {
        let tails = regularizedIncompleteBeta(df / (df + t * t), complement: t * t / (df + t * t), a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tails / 2 : tails / 2
    }

    /// The density of Student's t with `df` degrees of freedom at `t`.
    static func studentTDensity(_ t: Double, df: Double) -> Double {
        let logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        return exp(logNorm - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The regularized incomplete beta function `I_x(a, b)`, by its continued fraction
    /// (modified Lentz), taken on the side of `x` where it converges fast. `complement` is
    /// `1 - x`, passed separately so that it keeps its precision when `x` is close to 1.
    static func regularizedIncompleteBeta(_ x: Double, complement y: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(y, a: b, b: a) / b
    }

    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...100_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return result
    }

    /// The Cornish–Fisher expansion of the t quantile in powers of `1/df` (A&S 26.7.5).
    private static func cornishFisherStart(_ p: Double, df: Double) -> Double {
        let z = normalQuantile(p)
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df)
    }

    /// The standard normal quantile, by Acklam's rational approximation (relative error below
    /// 1.2e-9), enough for a starting point.
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let lowTail = 0.02425
        if p < lowTail {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - lowTail {
            let q = (-2 * log1p(-p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
