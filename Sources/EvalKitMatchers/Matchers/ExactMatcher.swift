import EvalKitSupport

/// `exact: S`: the output equals S after trimming surrounding whitespace (by default).
public struct ExactMatcher: Matcher {
    public var expected: String
    public var comparison: TextComparison

    public init(_ expected: String, caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) {
        self.expected = expected
        self.comparison = TextComparison(caseSensitive: caseSensitive, normalizeWhitespace: normalizeWhitespace, trim: trim)
    }

    public var name: String { "exact" }
    public var description: String { "exact \(Visible.quoted(expected))\(comparison.qualifiers)" }

    public func expectation(negated: Bool) -> String {
        negated ? "not to equal \(Visible.quoted(expected))\(comparison.qualifiers)" : "\(Visible.quoted(expected))\(comparison.qualifiers)"
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        verdict(comparison.prepare(output) == comparison.prepare(expected), output: output, expected: expected)
    }
}
