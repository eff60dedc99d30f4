import EvalKitSupport

/// `starts_with: S`: the trimmed output starts with S.
public struct StartsWithMatcher: Matcher {
    public var prefix: String
    public var caseSensitive: Bool

    public init(_ prefix: String, caseSensitive: Bool = true) {
        self.prefix = prefix
        self.caseSensitive = caseSensitive
    }

    public var name: String { "starts_with" }
    public var description: String { "starts_with \(Visible.quoted(prefix))\(TextComparison(caseSensitive: caseSensitive).qualifiers)" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to start with " : "to start with ") + Visible.quoted(prefix) + TextComparison(caseSensitive: caseSensitive).qualifiers
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        verdict(Affix.startsWith(output, prefix, caseSensitive: caseSensitive), output: output)
    }
}
