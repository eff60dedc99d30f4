import EvalKitSupport

/// `one_of: [S, ...]`: the output is an exact match of any of the strings.
public struct OneOfMatcher: Matcher {
    public var options: [String]
    public var comparison: TextComparison

    public init(_ options: [String], caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) {
        self.options = options
        self.comparison = TextComparison(caseSensitive: caseSensitive, normalizeWhitespace: normalizeWhitespace, trim: trim)
    }

    public var name: String { "one_of" }
    public var description: String { "one_of \(list)\(comparison.qualifiers)" }
    private var list: String { "[" + options.map { Visible.quoted($0) }.joined(separator: ", ") + "]" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to be one of " : "one of ") + list + comparison.qualifiers
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let prepared = comparison.prepare(output)
        return verdict(options.contains { comparison.prepare($0) == prepared }, output: output)
    }
}
