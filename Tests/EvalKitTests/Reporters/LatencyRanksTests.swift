import Testing
@testable import EvalKitResults

/// Latency percentiles stay exact when the latencies go to a spool (SPEC §11).
@Suite struct LatencyRanksTests {
    /// The nearest-rank percentile of the values, sorted whole.
    static func expected(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(max(Int((p * Double(sorted.count)).rounded(.up)), 1), sorted.count) - 1]
    }

    @Test(arguments: [1, 2, 19, 20, LatencyRanks.heldLimit, LatencyRanks.heldLimit + 1, 150_000])
    func percentilesAreExactHeldOrSpooled(count: Int) {
        var generator = LineDiffTests.Generator(state: UInt64(count))
        // Many values share a narrow range (a fast server answers alike), some are far apart.
        var values: [Double] = []
        for i in 0..<count {
            let far = Double.random(in: 0...5_000, using: &generator)
            let near = 12.5 + Double(i % 13) * 0.0001
            values.append(i % 7 == 0 ? far : near)
        }
        if count > 3 { values += [0, 0.0004, 1e-9] }
        var ranks = LatencyRanks()
        for value in values { ranks.add(value) }
        let ps = [0.5, 0.95, 0.0, 1.0]
        #expect(ranks.percentiles(ps) == ps.map { Self.expected(values, $0) })
    }

    @Test func noLatenciesHaveNoPercentiles() {
        #expect(LatencyRanks().percentiles([0.5, 0.95]) == [nil, nil])
    }
}
