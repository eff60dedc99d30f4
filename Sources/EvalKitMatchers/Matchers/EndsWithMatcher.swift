import EvalKitSupport

/// `ends_with: S`: the trimmed output ends with S.
public struct EndsWithMatcher: Matcher {
    public var suffix: String
    public var caseSensitive: Bool

    public init(_ suffix: String, caseSensitive: Bool = true) {
        self.suffix = suffix
        self.caseSensitive = caseSensitive
    }

    public var name: String { "ends_with" }
    public var description: String { "ends_with \(Visible.quoted(suffix))\(TextComparison(caseSensitive: caseSensitive).qualifiers)" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to end with " : "to end with ") + Visible.quoted(suffix) + TextComparison(caseSensitive: caseSensitive).qualifiers
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        verdict(Affix.endsWith(output, suffix, caseSensitive: caseSensitive), output: output)
    }
}
