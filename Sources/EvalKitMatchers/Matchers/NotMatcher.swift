/// `not: M`: passes when M fails; an error of M stays an error.
public struct NotMatcher: Matcher {
    public var matcher: any Matcher

    public init(_ matcher: any Matcher) {
        self.matcher = matcher
    }

    public var name: String { "not" }
    public var description: String { "not \(matcher.description)" }

    public func expectation(negated: Bool) -> String {
        matcher.expectation(negated: !negated)
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let inner = await matcher.evaluate(output, in: context)
        switch inner.status {
        case .passed: return verdict(false, output: output)
        case .failed: return verdict(true, output: output)
        case .error: return inner
        }
    }
}
