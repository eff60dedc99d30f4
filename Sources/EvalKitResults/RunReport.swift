import Foundation

/// Everything a run produced, as written to `results.json` (`evals.results/1`); `compare` and
/// `merge` rebuild every report from it.
public struct RunReport: Sendable, Equatable, Codable {
    public static let schemaName = "evals.results/1"

    public var schema: String
    public var evalsVersion: String
    public var startedAt: String
    public var finishedAt: String
    public var interrupted: Bool
    public var exitCode: Int
    /// `"K/N"` or nil.
    public var shard: String?
    public var suites: [SuiteReport]

    public init(evalsVersion: String, startedAt: String, finishedAt: String, interrupted: Bool = false, exitCode: Int = 0, shard: String? = nil, suites: [SuiteReport]) {
        self.schema = Self.schemaName
        self.evalsVersion = evalsVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.interrupted = interrupted
        self.exitCode = exitCode
        self.shard = shard
        self.suites = suites
    }

    enum CodingKeys: String, CodingKey {
        case schema, evalsVersion = "evals_version", startedAt = "started_at", finishedAt = "finished_at"
        case interrupted, exitCode = "exit_code", shard, suites
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(evalsVersion, forKey: .evalsVersion)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(interrupted, forKey: .interrupted)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(shard, forKey: .shard)
        try c.encode(suites, forKey: .suites)
    }
}

/// One suite's results: its targets, comparisons and gate verdicts.
public struct SuiteReport: Sendable, Equatable, Codable {
    public var suite: String
    public var file: String
    public var description: String?
    public var gate: GateConfig
    public var baseline: String?
    public var targets: [TargetReport]
    public var comparisons: [ComparisonReport]
    public var gates: [GateResult]
    /// Golden entries whose case no longer exists, per target.
    public var obsoleteGolden: [String: [String]]
    /// Cases of the suite that the selection options or the shard left out; they are in no
    /// target's `cases` and no count (SPEC §2).
    public var deselected: Int

    public init(suite: String, file: String, description: String? = nil, gate: GateConfig = GateConfig(), baseline: String? = nil, targets: [TargetReport], comparisons: [ComparisonReport] = [], gates: [GateResult] = [], obsoleteGolden: [String: [String]] = [:], deselected: Int = 0) {
        self.suite = suite
        self.file = file
        self.description = description
        self.gate = gate
        self.baseline = baseline
        self.targets = targets
        self.comparisons = comparisons
        self.gates = gates
        self.obsoleteGolden = obsoleteGolden
        self.deselected = deselected
    }

    enum CodingKeys: String, CodingKey {
        case suite, file, description, gate, baseline, targets, comparisons, gates, obsoleteGolden = "obsolete_golden", deselected
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        suite = try c.decode(String.self, forKey: .suite)
        file = try c.decode(String.self, forKey: .file)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        gate = try c.decode(GateConfig.self, forKey: .gate)
        baseline = try c.decodeIfPresent(String.self, forKey: .baseline)
        targets = try c.decode([TargetReport].self, forKey: .targets)
        comparisons = try c.decodeIfPresent([ComparisonReport].self, forKey: .comparisons) ?? []
        gates = try c.decodeIfPresent([GateResult].self, forKey: .gates) ?? []
        obsoleteGolden = try c.decodeIfPresent([String: [String]].self, forKey: .obsoleteGolden) ?? [:]
        deselected = try c.decodeIfPresent(Int.self, forKey: .deselected) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(suite, forKey: .suite)
        try c.encode(file, forKey: .file)
        try c.encode(description, forKey: .description)
        try c.encode(gate, forKey: .gate)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(targets, forKey: .targets)
        try c.encode(comparisons, forKey: .comparisons)
        try c.encode(gates, forKey: .gates)
        try c.encode(obsoleteGolden, forKey: .obsoleteGolden)
        try c.encode(deselected, forKey: .deselected)
    }
}

/// Counts of case outcomes.
public struct OutcomeCounts: Sendable, Equatable, Codable {
    public var passed: Int
    public var failed: Int
    public var error: Int
    public var skipped: Int

    public init(passed: Int = 0, failed: Int = 0, error: Int = 0, skipped: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.error = error
        self.skipped = skipped
    }

    /// The counts of these cases' outcomes.
    public init(of cases: [CaseReport]) {
        self.init()
        for item in cases { add(item.outcome) }
    }

    /// Counts one more case with this outcome.
    public mutating func add(_ outcome: Outcome) {
        switch outcome {
        case .passed: passed += 1
        case .failed: failed += 1
        case .error: error += 1
        case .skipped: skipped += 1
        }
    }

    /// Cases that ran: everything but skipped.
    public var run: Int { passed + failed + error }
    /// `passed / (passed + failed)`, nil when nothing was answered.
    public var passRate: Double? { passed + failed == 0 ? nil : Double(passed) / Double(passed + failed) }
    /// `error / cases run`, nil when nothing ran.
    public var errorRate: Double? { run == 0 ? nil : Double(error) / Double(run) }
}

/// Pass counts of the cases carrying one tag.
public struct TagStats: Sendable, Equatable, Codable {
    public var passed: Int
    public var failed: Int
    public var passRate: Double?

    public init(passed: Int = 0, failed: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.passRate = passed + failed == 0 ? nil : Double(passed) / Double(passed + failed)
    }

    enum CodingKeys: String, CodingKey {
        case passed, failed, passRate = "pass_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(passed, forKey: .passed)
        try c.encode(failed, forKey: .failed)
        try c.encode(passRate, forKey: .passRate)
    }
}

/// Latency percentiles in milliseconds over answered cases.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var p50: Double?
    public var p95: Double?

    public init(p50: Double? = nil, p95: Double? = nil) {
        self.p50 = p50
        self.p95 = p95
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(p50, forKey: .p50)
        try c.encode(p95, forKey: .p95)
    }
}
