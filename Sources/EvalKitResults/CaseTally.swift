/// A target's summary figures gathered one case at a time, in suite order: what `TargetReport`
/// shows beside its cases (counts, tags, usage, latency percentiles, golden changes, model
/// versions, pass@k, cache counts), so a run can summarise cases it does not keep (SPEC §11).
///
/// Memory per case: none past the first 65,536 latencies, which go to a spool file from then on
/// and still give the exact nearest-rank percentiles the reports show (see `LatencyRanks`);
/// everything else is counters, plus the samples of cases that ran more than once (see
/// `Statistics.RepeatTally`).
public struct CaseTally: Sendable {
    public private(set) var counts = OutcomeCounts()
    private var tags: [String: (passed: Int, failed: Int)] = [:]
    private var usage = TokenUsage()
    private var latencies = LatencyRanks()
    private var goldenChanged = 0
    private var versions: [String: Int] = [:]
    private var repeats = Statistics.RepeatTally()
    private var cachedCases = 0
    private var cacheHits = 0
    private var cacheMisses = 0
    private var cost: Cost?
    /// The tags seen on any case.
    public var tagNames: Dictionary<String, (passed: Int, failed: Int)>.Keys { tags.keys }

    public init() {}

    public mutating func add(_ item: CaseReport) {
        if let version = item.modelVersion { versions[version, default: 0] += 1 }
        counts.add(item.outcome)
        for tag in item.tags {
            var entry = tags[tag] ?? (0, 0)
            if item.outcome == .passed { entry.passed += 1 }
            if item.outcome == .failed { entry.failed += 1 }
            tags[tag] = entry
        }
        if let caseUsage = item.usage { usage = usage + caseUsage }
        if let latency = item.latencyMs { latencies.add(latency) }
        if item.golden == .changed { goldenChanged += 1 }
        repeats.add(item)
        if item.cached != nil {
            cachedCases += 1
            cacheHits += item.cacheHits
            cacheMisses += item.cacheMisses
        }
        if let caseCost = item.cost { cost = (cost ?? Cost()) + caseCost }
    }

    /// Sets the summary fields of `target` from the cases added.
    public func summarise(into target: inout TargetReport) {
        target.counts = counts
        target.passRate = counts.passRate
        target.tags = tags.mapValues { TagStats(passed: $0.passed, failed: $0.failed) }
        target.usage = usage
        target.goldenChanged = goldenChanged
        target.modelVersions = versions
        let percentiles = latencies.percentiles([0.50, 0.95])
        target.latencyMs = LatencySummary(p50: percentiles[0], p95: percentiles[1])
        target.repeats = repeats.figures
        target.cache = cachedCases == 0 ? nil : CacheCounts(hits: cacheHits, misses: cacheMisses)
        target.cost = cost ?? target.price.map { _ in Cost() }
    }
}
