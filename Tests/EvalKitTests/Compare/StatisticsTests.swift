import EvalKit
import Testing

@Suite struct StatisticsTests {
    /// Reference figures from SciPy 1.17.1,
    /// `scipy.stats.binomtest(k, n).proportion_ci(method='wilson')` (95%); the 81/263 and 15/148
    /// rows also match Newcombe (1998), Statistics in Medicine 17:857, table I (0.2553–0.3662,
    /// 0.0624–0.1605).
    static let wilsonTable: [(successes: Int, trials: Int, low: Double, high: Double)] = [
        (0, 1, 0.0, 0.7934506856227626),
        (1, 1, 0.20654931437723745, 1.0),
        (0, 10, 0.0, 0.27753279986288926),
        (10, 10, 0.7224672001371109, 1.0),
        (5, 10, 0.236593090512564, 0.7634069094874361),
        (9, 10, 0.5958499732047615, 0.9821237869049271),
        (1, 3, 0.06149194472039626, 0.7923403991979523),
        (81, 263, 0.2552885198782742, 0.36620957698280004),
        (15, 148, 0.06238639953073629, 0.16048724172330803),
        (0, 20, 0.0, 0.16112515805281935),
        (1, 29, 0.006113214292762667, 0.17175521879320282),
        (50, 100, 0.4038315303659956, 0.5961684696340044),
        (999, 1000, 0.9943574414020421, 0.9998234536293739),
        (37, 40, 0.8013576647568945, 0.9741639742254118),
    ]

    @Test(arguments: wilsonTable)
    func wilsonMatchesSciPy(row: (successes: Int, trials: Int, low: Double, high: Double)) throws {
        let interval = Statistics.wilson(successes: row.successes, trials: row.trials)
        let rate = try #require(interval.rate)
        let low = try #require(interval.low)
        let high = try #require(interval.high)
        #expect(rate == Double(row.successes) / Double(row.trials))
        #expect(abs(low - row.low) < 1e-12)
        #expect(abs(high - row.high) < 1e-12)
        #expect(low <= rate && rate <= high)
    }

    @Test func wilsonEdgesAreExact() {
        #expect(Statistics.wilson(successes: 0, trials: 7).low == 0)
        #expect(Statistics.wilson(successes: 7, trials: 7).high == 1)
    }

    @Test func wilsonOfNothingIsNull() {
        #expect(Statistics.wilson(successes: 0, trials: 0) == RateInterval(rate: nil, low: nil, high: nil))
    }

    @Test func wilsonWidensWithAHigherConfidence() throws {
        let ninetyFive = Statistics.wilson(successes: 30, trials: 60)
        let ninetyNine = Statistics.wilson(successes: 30, trials: 60, z: 2.5758293035489004)
        #expect(try #require(ninetyNine.low) < #require(ninetyFive.low))
        #expect(try #require(ninetyNine.high) > #require(ninetyFive.high))
    }

    /// Reference p-values from SciPy 1.17.1, `scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue`
    /// (the exact two-sided McNemar test), and 1 for no discordant pairs.
    static let mcnemarTable: [(regressed: Int, fixed: Int, p: Double)] = [
        (0, 0, 1.0),
        (1, 0, 1.0),
        (0, 1, 1.0),
        (5, 0, 0.0625),
        (6, 1, 0.125),
        (10, 2, 0.03857421875),
        (2, 10, 0.03857421875),
        (3, 3, 1.0),
        (40, 20, 0.01348929373119186),
        (100, 50, 5.447533103392542e-05),
        (520, 480, 0.2174482932041415),          // n = 1000: coefficient sums
        (3, 997, 3.110894301402977e-293),
        (521, 480, 0.206107310832953),           // n = 1001: log space
        (560, 441, 0.00018872323704325562),
        (1000, 900, 0.023108845108901193),
        (50060, 49940, 0.7066858717133498),
        (50500, 49500, 0.0015823598788515154),
        (51000, 49000, 2.5887160383468943e-10),
    ]

    @Test(arguments: mcnemarTable)
    func mcnemarMatchesSciPy(row: (regressed: Int, fixed: Int, p: Double)) {
        let p = Statistics.mcnemarExactP(regressed: row.regressed, fixed: row.fixed)
        #expect(abs(p - row.p) <= row.p * 1e-9, "p(\(row.regressed), \(row.fixed)) = \(p), expected \(row.p)")
    }

    @Test func mcnemarIsExactForSmallCounts() {
        // 2 · (C(12,0) + C(12,1) + C(12,2)) / 2¹² = 158 / 4096, and 2 · 2⁻⁵ (dyadic, exact).
        #expect(Statistics.mcnemarExactP(regressed: 10, fixed: 2) == 158.0 / 4096.0)
        #expect(Statistics.mcnemarExactP(regressed: 5, fixed: 0) == 0.0625)
        #expect(Statistics.mcnemarExactP(regressed: 1000, fixed: 0) == 0x1p-999)
    }

    @Test func mcnemarIsSymmetric() {
        for (b, c) in [(7, 2), (120, 80), (0, 13)] {
            #expect(Statistics.mcnemarExactP(regressed: b, fixed: c) == Statistics.mcnemarExactP(regressed: c, fixed: b))
        }
    }

    @Test func mcnemarUnderflowsToZeroWithoutNaN() {
        // SciPy gives 0.0 for (90000, 10000): the true value is far below the smallest double.
        let p = Statistics.mcnemarExactP(regressed: 90_000, fixed: 10_000)
        #expect(p == 0)
        let all = Statistics.mcnemarExactP(regressed: 100_000, fixed: 0)
        #expect(all == 0)
    }

    @Test func mcnemarStaysWithinZeroAndOne() {
        for b in 0...30 {
            for c in 0...30 {
                let p = Statistics.mcnemarExactP(regressed: b, fixed: c)
                #expect(p >= 0 && p <= 1 && !p.isNaN)
            }
        }
    }
}
