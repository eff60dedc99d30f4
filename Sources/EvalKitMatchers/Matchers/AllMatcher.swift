/// `all: [M...]`: every matcher passes; the first that does not decides the result, its name included.
public struct AllMatcher: Matcher {
    public var matchers: [any Matcher]

    public init(_ matchers: [any Matcher]) {
        self.matchers = matchers
    }

    public var name: String { "all" }
    public var description: String { "all [" + matchers.map(\.description).joined(separator: ", ") + "]" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to satisfy all of [" : "to satisfy all of [") + matchers.map(\.description).joined(separator: ", ") + "]"
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        for matcher in matchers {
            let result = await matcher.evaluate(output, in: context)
            if result.status != .passed { return result }
        }
        return verdict(true, output: output)
    }
}
