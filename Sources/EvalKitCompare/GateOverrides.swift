import EvalKitResults

/// The gate options of the command line (`--min-pass-rate`, `--max-regressions`,
/// `--max-error-rate`, `--max-cost`), each overriding the suite's `gate` when given (SPEC §7.3).
public struct GateOverrides: Sendable, Equatable {
    public var minPassRate: Double?
    public var maxRegressions: Int?
    public var maxErrorRate: Double?
    public var maxCost: Double?

    public init(minPassRate: Double? = nil, maxRegressions: Int? = nil, maxErrorRate: Double? = nil, maxCost: Double? = nil) {
        self.minPassRate = minPassRate
        self.maxRegressions = maxRegressions
        self.maxErrorRate = maxErrorRate
        self.maxCost = maxCost
    }

    /// The configuration with every given option replacing the suite's value.
    public func applied(to config: GateConfig) -> GateConfig {
        var result = config
        if let minPassRate { result.minPassRate = minPassRate }
        if let maxRegressions { result.maxRegressions = maxRegressions }
        if let maxErrorRate { result.maxErrorRate = maxErrorRate }
        if let maxCost { result.maxCost = maxCost }
        return result
    }
}
