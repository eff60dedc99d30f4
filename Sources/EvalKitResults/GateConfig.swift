import EvalKitSupport

/// The gate settings of a suite, overridable from the command line (SPEC §7.3).
public struct GateConfig: Sendable, Equatable, Codable {
    public var minPassRate: Double?
    public var maxRegressions: Int?
    public var significantRegression: Double?
    public var maxErrorRate: Double?
    /// US dollars the run may spend (SPEC §13.1): sending stops there and the gate fails.
    public var maxCost: Double?

    public init(minPassRate: Double? = 1.0, maxRegressions: Int? = nil, significantRegression: Double? = nil, maxErrorRate: Double? = 0.0, maxCost: Double? = nil) {
        self.minPassRate = minPassRate
        self.maxRegressions = maxRegressions
        self.significantRegression = significantRegression
        self.maxErrorRate = maxErrorRate
        self.maxCost = maxCost
    }

    enum CodingKeys: String, CodingKey {
        case minPassRate = "min_pass_rate", maxRegressions = "max_regressions"
        case significantRegression = "significant_regression", maxErrorRate = "max_error_rate", maxCost = "max_cost"
    }

    /// Reads a gate from a results file, each value in its range of `NumberRange`, so that a
    /// hand-edited file cannot carry a limit (NaN, 1e300) that no report can print.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func checked(_ key: CodingKeys, _ range: NumberRange) throws -> Double? {
            guard let value = try c.decodeIfPresent(Double.self, forKey: key) else { return nil }
            guard range.contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be \(range), got \(value)")
            }
            return value
        }
        minPassRate = try checked(.minPassRate, .share)
        maxRegressions = try checked(.maxRegressions, .maxRegressions).map { Int($0) }
        significantRegression = try checked(.significantRegression, .share)
        maxErrorRate = try checked(.maxErrorRate, .share)
        maxCost = try checked(.maxCost, .maxCost)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(minPassRate, forKey: .minPassRate)
        try c.encode(maxRegressions, forKey: .maxRegressions)
        try c.encode(significantRegression, forKey: .significantRegression)
        try c.encode(maxErrorRate, forKey: .maxErrorRate)
        try c.encode(maxCost, forKey: .maxCost)
    }
}
