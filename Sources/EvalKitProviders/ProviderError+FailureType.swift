import EvalKitResults

extension FailureType {
    /// The error of a provider's failure kind: `transient`, `permanent` or `fatal`.
    public static func provider(_ kind: ProviderError.Kind) -> FailureType { FailureType(rawValue: kind.rawValue) }
}
