import EvalKitSupport

/// `contains: S`: the trimmed output contains S.
public struct ContainsMatcher: Matcher {
    public var text: String
    public var caseSensitive: Bool

    public init(_ text: String, caseSensitive: Bool = true) {
        self.text = text
        self.caseSensitive = caseSensitive
    }

    public var name: String { "contains" }
    public var description: String { "contains \(Visible.quoted(text))\(TextComparison(caseSensitive: caseSensitive).qualifiers)" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to contain " : "to contain ") + Visible.quoted(text) + TextComparison(caseSensitive: caseSensitive).qualifiers
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        verdict(Affix.contains(output, text, caseSensitive: caseSensitive), output: output)
    }
}
