/// `any: [M...]`: at least one matcher passes. When none does, an error among them is the result;
/// otherwise `any` fails in its own name.
public struct AnyMatcher: Matcher {
    public var matchers: [any Matcher]

    public init(_ matchers: [any Matcher]) {
        self.matchers = matchers
    }

    public var name: String { "any" }
    public var description: String { "any [" + matchers.map(\.description).joined(separator: ", ") + "]" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to satisfy any of [" : "to satisfy any of [") + matchers.map(\.description).joined(separator: ", ") + "]"
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        var firstError: MatchResult?
        for matcher in matchers {
            let result = await matcher.evaluate(output, in: context)
            if result.passed { return verdict(true, output: output) }
            if result.status == .error, firstError == nil { firstError = result }
        }
        return firstError ?? verdict(false, output: output)
    }
}
