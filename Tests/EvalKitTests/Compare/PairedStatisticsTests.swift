import EvalKit
import Testing

@Suite struct PairedStatisticsTests {
    /// Two-sided 95% critical values `t(0.975, df)`. The printed table (e.g. NIST/SEMATECH
    /// e-Handbook, table 1.3.6.7.2) gives 12.706, 4.303, 3.182, 2.776, 2.571, 2.365, 2.228, 2.093,
    /// 2.045, 2.042, 2.000, 1.984 and 1.962; the full digits are SciPy 1.17.1's
    /// `scipy.stats.t.ppf(0.975, df)`.
    static let quantile975: [(df: Double, t: Double)] = [
        (1, 12.706204736174694),
        (2, 4.302652729749462),
        (3, 3.1824463052837078),
        (4, 2.7764451051977934),
        (5, 2.5705818356363146),
        (7, 2.364624251592784),
        (10, 2.228138851986274),
        (19, 2.0930240544083087),
        (29, 2.045229642132703),
        (30, 2.0422724563012378),
        (60, 2.0002978220142604),
        (100, 1.9839715185235518),
        (199, 1.9719565442517533),
        (1000, 1.9623390808264083),
        (10000, 1.960201239890626),
        (1_000_000, 1.959966356814107),
    ]

    @Test(arguments: quantile975)
    func tQuantileMatchesTheTable(row: (df: Double, t: Double)) {
        let t = Statistics.studentTQuantile(0.975, df: row.df)
        #expect(abs(t - row.t) < 1e-9)
        #expect(abs(t - (row.t * 1000).rounded() / 1000) <= 0.0005)
    }

    /// Other probabilities and a fractional df, from SciPy 1.17.1 `scipy.stats.t.ppf(p, df)`;
    /// 5.841 and 1.476 are also in the printed tables (one-sided 0.995 with 3 df, 0.90 with 5).
    static let otherQuantiles: [(p: Double, df: Double, t: Double)] = [
        (0.995, 3, 5.840909309733355),
        (0.9, 5, 1.4758840488244815),
        (0.05, 8, -1.859548037530898),
        (0.999, 3, 10.214531852407383),
        (0.975, 2.5, 3.5746548420036817),
        (0.5, 12, 0),
    ]

    @Test(arguments: otherQuantiles)
    func tQuantileAtOtherProbabilities(row: (p: Double, df: Double, t: Double)) {
        #expect(abs(Statistics.studentTQuantile(row.p, df: row.df) - row.t) < 1e-9)
    }

    @Test func tCDFInvertsTheQuantile() {
        // SciPy 1.17.1: scipy.stats.t.cdf(2.0, 7).
        #expect(abs(Statistics.studentTCDF(2.0, df: 7) - 0.957190335718512) < 1e-12)
        for df in [3.0, 9, 40, 500] {
            for p in [0.6, 0.9, 0.975, 0.999] {
                #expect(abs(Statistics.studentTCDF(Statistics.studentTQuantile(p, df: df), df: df) - p) < 1e-12)
            }
        }
    }

    /// d = (1, 0, 0, −1, 1): mean 0.2; squared deviations 0.64 + 0.04 + 0.04 + 1.44 + 0.64 = 2.8,
    /// so var = 2.8 / 4 = 0.7 and the standard error √(0.7 / 5) = √0.14; the interval is
    /// 0.2 ± 2.776445 · 0.374166, the mde 2.8016 · 0.374166, and 7.849 · 0.7 / 0.05² = 2197.72
    /// cases detect 5 points.
    @Test func aSmallVectorByHand() throws {
        let stats = PairedStatistics(differences: [1, 0, 0, -1, 1])
        #expect(stats.n == 5)
        #expect(abs(try #require(stats.mean) - 0.2) < 1e-15)
        #expect(abs(try #require(stats.variance) - 0.7) < 1e-15)
        let difference = stats.difference
        #expect(abs(try #require(difference.low) - -0.8388506336835677) < 1e-9)
        #expect(abs(try #require(difference.high) - 1.2388506336835676) < 1e-9)
        #expect(abs(try #require(stats.mde) - 2.8016 * 0.14.squareRoot()) < 1e-12)
        #expect(stats.casesNeeded(toDetect: 0.05) == 2198)
        #expect(stats.casesNeeded(toDetect: 0.1) == 550)
    }

    /// 10 fixed, 30 regressed, 160 unchanged: mean −20 / 200 = −0.1; Σ(d − mean)² = 40 − 200 · 0.01
    /// = 38, var = 38 / 199; se = √(38 / 199 / 200) = 0.0308994; t(0.975, 199) = 1.971957; the mde
    /// is 2.8016 · 0.0308994 = 0.0865678; 7.849 · 38 / 199 / 0.05² = 599.52 and / 0.1² = 149.88.
    @Test func transitionCountsByHand() throws {
        let stats = PairedStatistics(fixed: 10, regressed: 30, unchanged: 160)
        #expect(stats.n == 200)
        #expect(abs(try #require(stats.mean) - -0.1) < 1e-15)
        #expect(abs(try #require(stats.variance) - 38.0 / 199) < 1e-15)
        #expect(abs(try #require(stats.difference.low) - -0.16093230432494895) < 1e-9)
        #expect(abs(try #require(stats.difference.high) - -0.03906769567505106) < 1e-9)
        #expect(abs(try #require(stats.mde) - 0.0865678020615566) < 1e-12)
        #expect(stats.casesNeeded(toDetect: 0.05) == 600)
        #expect(stats.casesNeeded(toDetect: 0.1) == 150)
    }

    @Test(arguments: [(3, 1, 4), (0, 0, 7), (5, 0, 0), (2, 9, 40), (1, 1, 0)])
    func countsAgreeWithTheVector(fixed: Int, regressed: Int, unchanged: Int) {
        let vector = Array(repeating: 1.0, count: fixed) + Array(repeating: -1.0, count: regressed) + Array(repeating: 0.0, count: unchanged)
        let fromCounts = PairedStatistics(fixed: fixed, regressed: regressed, unchanged: unchanged)
        let fromVector = PairedStatistics(differences: vector)
        #expect(fromCounts.n == fromVector.n)
        #expect(abs(fromCounts.mean! - fromVector.mean!) < 1e-15)
        #expect(abs(fromCounts.variance! - fromVector.variance!) < 1e-13)
        #expect(fromCounts.casesNeeded(toDetect: 0.05) == fromVector.casesNeeded(toDetect: 0.05))
    }

    @Test func nothingChangedHasNoSpread() throws {
        let stats = PairedStatistics(fixed: 0, regressed: 0, unchanged: 50)
        #expect(stats.difference == PairedDifference(mean: 0, low: 0, high: 0))
        #expect(stats.mde == 0)
        #expect(stats.casesNeeded(toDetect: 0.05) == 0)
    }

    @Test func fewerThanTwoCasesHaveNoInterval() {
        let one = PairedStatistics(fixed: 1, regressed: 0, unchanged: 0)
        #expect(one.difference == PairedDifference(mean: 1, low: nil, high: nil))
        #expect(one.mde == nil)
        #expect(one.casesNeeded(toDetect: 0.05) == nil)
        let none = PairedStatistics(differences: [])
        #expect(none.difference == PairedDifference(mean: nil, low: nil, high: nil))
        #expect(none.mde == nil)
    }

    /// The constants are `z(0.975) + z(0.8)` and its square (Miller 2024).
    @Test func theConstantsComeFromTheNormalQuantiles() {
        let sum = Statistics.z95 + 0.8416212335729143
        #expect(abs(PairedStatistics.mdeFactor - sum) < 5e-5)
        #expect(abs(PairedStatistics.casesNeededFactor - sum * sum) < 5e-4)
    }
}
