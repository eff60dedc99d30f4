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

/// The paired difference of pass rates, candidate minus baseline, with its 95% interval
/// (SPEC §15); `mean` is nil with no paired case, `low` and `high` with fewer than two.
public struct PairedDifference: Sendable, Equatable, Codable {
    public var mean: Double?
    public var low: Double?
    public var high: Double?

    public init(mean: Double?, low: Double?, high: Double?) {
        self.mean = mean
        self.low = low
        self.high = high
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mean, forKey: .mean)
        try c.encode(low, forKey: .low)
        try c.encode(high, forKey: .high)
    }
}

/// A candidate target compared case by case with the baseline (SPEC §7.2, §15).
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
    /// Cases answered (with a matcher verdict) on both sides: the `n` of the paired figures.
    public var pairedCases: Int
    public var pairedDifference: PairedDifference
    /// The sample standard deviation of the per-case differences; nil with fewer than two cases.
    public var pairedSD: Double?
    /// The minimum detectable effect at 80% power and α = 0.05; nil with fewer than two cases.
    public var mde: Double?
    /// The effect `casesNeeded` is for (`--detect`).
    public var detect: Double
    /// The cases needed to detect a change of `detect`; nil with fewer than two cases.
    public var casesNeeded: Int?
    /// Set when both sides configure the same model but different versions served them (SPEC
    /// §10.3): `the baseline was served by X, the candidate by Y`.
    public var versionWarning: String?

    public init(baseline: String, candidate: String, fixed: Int = 0, regressed: Int = 0, stillPassing: Int = 0, stillFailing: Int = 0, incomparable: Int = 0, changedOutputs: Int = 0, mcnemarP: Double? = nil, baselinePassRate: RateInterval, candidatePassRate: RateInterval, pairedCases: Int = 0, pairedDifference: PairedDifference = PairedDifference(mean: nil, low: nil, high: nil), pairedSD: Double? = nil, mde: Double? = nil, detect: Double = PairedStatistics.defaultDetect, casesNeeded: Int? = nil) {
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
        self.pairedCases = pairedCases
        self.pairedDifference = pairedDifference
        self.pairedSD = pairedSD
        self.mde = mde
        self.detect = detect
        self.casesNeeded = casesNeeded
    }

    enum CodingKeys: String, CodingKey {
        case baseline, candidate, fixed, regressed, stillPassing = "still_passing", stillFailing = "still_failing"
        case incomparable, changedOutputs = "changed_outputs", mcnemarP = "mcnemar_p"
        case baselinePassRate = "baseline_pass_rate", candidatePassRate = "candidate_pass_rate"
        case pairedCases = "paired_cases", pairedDifference = "paired_difference", pairedSD = "paired_sd"
        case mde, detect, casesNeeded = "cases_needed"
        case versionWarning = "version_warning"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseline = try c.decode(String.self, forKey: .baseline)
        candidate = try c.decode(String.self, forKey: .candidate)
        fixed = try c.decode(Int.self, forKey: .fixed)
        regressed = try c.decode(Int.self, forKey: .regressed)
        stillPassing = try c.decode(Int.self, forKey: .stillPassing)
        stillFailing = try c.decode(Int.self, forKey: .stillFailing)
        incomparable = try c.decode(Int.self, forKey: .incomparable)
        changedOutputs = try c.decode(Int.self, forKey: .changedOutputs)
        mcnemarP = try c.decodeIfPresent(Double.self, forKey: .mcnemarP)
        baselinePassRate = try c.decode(RateInterval.self, forKey: .baselinePassRate)
        candidatePassRate = try c.decode(RateInterval.self, forKey: .candidatePassRate)
        // Files written before §15 lack the paired figures; `ReportAssembler` recomputes them.
        pairedCases = try c.decodeIfPresent(Int.self, forKey: .pairedCases) ?? 0
        pairedDifference = try c.decodeIfPresent(PairedDifference.self, forKey: .pairedDifference) ?? PairedDifference(mean: nil, low: nil, high: nil)
        pairedSD = try c.decodeIfPresent(Double.self, forKey: .pairedSD)
        mde = try c.decodeIfPresent(Double.self, forKey: .mde)
        detect = try c.decodeIfPresent(Double.self, forKey: .detect) ?? PairedStatistics.defaultDetect
        casesNeeded = try c.decodeIfPresent(Int.self, forKey: .casesNeeded)
        versionWarning = try c.decodeIfPresent(String.self, forKey: .versionWarning)
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
        try c.encode(pairedCases, forKey: .pairedCases)
        try c.encode(pairedDifference, forKey: .pairedDifference)
        try c.encode(pairedSD, forKey: .pairedSD)
        try c.encode(mde, forKey: .mde)
        try c.encode(detect, forKey: .detect)
        try c.encode(casesNeeded, forKey: .casesNeeded)
        try c.encode(versionWarning, forKey: .versionWarning)
    }
}

/// One gate's verdict (SPEC §7.3).
/// The gates of SPEC §7.3 and §13.1, by the name reports and results.json give them.
public enum GateKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case minPassRate = "min_pass_rate"
    case maxRegressions = "max_regressions"
    case significantRegression = "significant_regression"
    case maxErrorRate = "max_error_rate"
    case maxCost = "max_cost"

    public var description: String { rawValue }
}

public struct GateResult: Sendable, Equatable, Codable {
    public var gate: GateKind
    public var target: String
    public var limit: Double
    /// Nil when there was nothing to measure; such a gate holds.
    public var value: Double?
    public var passed: Bool

    public init(gate: GateKind, target: String, limit: Double, value: Double?, passed: Bool) {
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
