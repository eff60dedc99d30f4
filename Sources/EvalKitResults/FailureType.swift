/// Why a case failed or ended in error, as JUnit's `type` and results.json's `failure_type` name it:
/// the deciding matcher's name for a failed match, `golden` for a golden difference that fails, or
/// the kind of error. Written and read as its name.
public struct FailureType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// A matcher said no (or could not judge): its name, such as `exact` or `regex`.
    public static func matcher(_ name: String) -> FailureType { FailureType(rawValue: name) }

    /// The output differs from the golden file where that fails the case.
    public static let golden: FailureType = "golden"
    /// The model declined to answer (a safety block).
    public static let blocked: FailureType = "blocked"
    /// The case ran out of time.
    public static let timeout: FailureType = "timeout"
    /// The request was not sent because the target had stopped (after a configuration error).
    public static let notSent: FailureType = "not_sent"

    /// A provider's failure kinds (`ProviderError.Kind`, mapped by `FailureType.provider`): retried
    /// and still failing, not retried, and the endpoint rejecting the target's configuration.
    public static let transient: FailureType = "transient"
    public static let permanent: FailureType = "permanent"
    public static let fatal: FailureType = "fatal"

    /// Whether this error means the target's configuration was rejected, so rerunning will not help.
    public var isConfigurationError: Bool { self == .fatal || self == .notSent }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
