import Foundation

/// A rate with its 95% Wilson interval.
public struct RateInterval: Sendable, Equatable, Codable {
    public var rate: Double?
    public var low: Double?
    public var high: Double?

    public init(rate: Double?, low: Double?, high: Double?) {
        self.rate = rate
        self.low = low
        self.high = high
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rate, forKey: .rate)
        try c.encode(low, forKey: .low)
        try c.encode(high, forKey: .high)
    }
}

/// A candidate target compared case by case with the baseline (SPEC §7.2).
public struct ComparisonReport: Sendable, Equatable, Codable {
    public var baseline: String
    public var candidate: String
    public var fixed: Int
    public var regressed: Int
    public var stillPassing: Int
    public var stillFailing: Int
    public var incomparable: Int
    public var changedOutputs: Int
    public var mcnemarP: Double?
    public var baselinePassRate: RateInterval
    public var candidatePassRate: RateInterval
    /// Set when both sides configure the same model but different versions served them (SPEC
    /// §10.3): `the baseline was served by X, the candidate by Y`.
    public var versionWarning: String?

    public init(baseline: String, candidate: String, fixed: Int = 0, regressed: Int = 0, stillPassing: Int = 0, stillFailing: Int = 0, incomparable: Int = 0, changedOutputs: Int = 0, mcnemarP: Double? = nil, baselinePassRate: RateInterval, candidatePassRate: RateInterval) {
        self.baseline = baseline
        self.candidate = candidate
        self.fixed = fixed
        self.regressed = regressed
        self.stillPassing = stillPassing
        self.stillFailing = stillFailing
        self.incomparable = incomparable
        self.changedOutputs = changedOutputs
        self.mcnemarP = mcnemarP
        self.baselinePassRate = baselinePassRate
        self.candidatePassRate = candidatePassRate
    }

    enum CodingKeys: String, CodingKey {
        case baseline, candidate, fixed, regressed, stillPassing = "still_passing", stillFailing = "still_failing"
        case incomparable, changedOutputs = "changed_outputs", mcnemarP = "mcnemar_p"
        case baselinePassRate = "baseline_pass_rate", candidatePassRate = "candidate_pass_rate"
        case versionWarning = "version_warning"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(candidate, forKey: .candidate)
        try c.encode(fixed, forKey: .fixed)
        try c.encode(regressed, forKey: .regressed)
        try c.encode(stillPassing, forKey: .stillPassing)
        try c.encode(stillFailing, forKey: .stillFailing)
        try c.encode(incomparable, forKey: .incomparable)
        try c.encode(changedOutputs, forKey: .changedOutputs)
        try c.encode(mcnemarP, forKey: .mcnemarP)
        try c.encode(baselinePassRate, forKey: .baselinePassRate)
        try c.encode(candidatePassRate, forKey: .candidatePassRate)
        try c.encode(versionWarning, forKey: .versionWarning)
    }
}

/// One gate's verdict (SPEC §7.3).
public struct GateResult: Sendable, Equatable, Codable {
    public var gate: String
    public var target: String
    public var limit: Double
    /// Nil when there was nothing to measure; such a gate holds.
    public var value: Double?
    public var passed: Bool

    public init(gate: String, target: String, limit: Double, value: Double?, passed: Bool) {
        self.gate = gate
        self.target = target
        self.limit = limit
        self.value = value
        self.passed = passed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(gate, forKey: .gate)
        try c.encode(target, forKey: .target)
        try c.encode(limit, forKey: .limit)
        try c.encode(value, forKey: .value)
        try c.encode(passed, forKey: .passed)
    }
}
