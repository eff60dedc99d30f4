import EvalKitSupport

/// `not_contains: S`: the trimmed output does not contain S.
public struct NotContainsMatcher: Matcher {
    public var text: String
    public var caseSensitive: Bool

    public init(_ text: String, caseSensitive: Bool = true) {
        self.text = text
        self.caseSensitive = caseSensitive
    }

    public var name: String { "not_contains" }
    public var description: String { "not_contains \(Visible.quoted(text))\(TextComparison(caseSensitive: caseSensitive).qualifiers)" }

    public func expectation(negated: Bool) -> String {
        (negated ? "to contain " : "not to contain ") + Visible.quoted(text) + TextComparison(caseSensitive: caseSensitive).qualifiers
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        verdict(!Affix.contains(output, text, caseSensitive: caseSensitive), output: output)
    }
}
