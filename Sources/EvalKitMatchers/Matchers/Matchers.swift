import Foundation

/// Factories for every matcher, so Swift code reads like a suite: `Matchers.exact("2")`.
public enum Matchers {
    public static func exact(_ expected: String, caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) -> ExactMatcher {
        ExactMatcher(expected, caseSensitive: caseSensitive, normalizeWhitespace: normalizeWhitespace, trim: trim)
    }

    public static func contains(_ text: String, caseSensitive: Bool = true) -> ContainsMatcher {
        ContainsMatcher(text, caseSensitive: caseSensitive)
    }

    public static func notContains(_ text: String, caseSensitive: Bool = true) -> NotContainsMatcher {
        NotContainsMatcher(text, caseSensitive: caseSensitive)
    }

    public static func startsWith(_ prefix: String, caseSensitive: Bool = true) -> StartsWithMatcher {
        StartsWithMatcher(prefix, caseSensitive: caseSensitive)
    }

    public static func endsWith(_ suffix: String, caseSensitive: Bool = true) -> EndsWithMatcher {
        EndsWithMatcher(suffix, caseSensitive: caseSensitive)
    }

    public static func oneOf(_ options: [String], caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) -> OneOfMatcher {
        OneOfMatcher(options, caseSensitive: caseSensitive, normalizeWhitespace: normalizeWhitespace, trim: trim)
    }

    public static func regex(_ pattern: String, flags: String = "") throws(RegexMatcher.InvalidPattern) -> RegexMatcher {
        try RegexMatcher(pattern, flags: flags)
    }

    public static func numeric(_ expected: Decimal, tolerance: Decimal = 0, relativeTolerance: Decimal? = nil) -> NumericMatcher {
        NumericMatcher(expected, tolerance: tolerance, relativeTolerance: relativeTolerance)
    }

    public static func json() -> JSONMatcher {
        JSONMatcher()
    }

    public static func json(equals jsonText: String) throws(JSONValue.ParseError) -> JSONMatcher {
        try JSONMatcher(equals: jsonText)
    }

    public static func json(contains jsonText: String) throws(JSONValue.ParseError) -> JSONMatcher {
        try JSONMatcher(contains: jsonText)
    }

    public static func similar(_ expected: String, min minimum: Double = 0.8) -> SimilarMatcher {
        SimilarMatcher(expected, min: minimum)
    }

    public static func length(min minimum: Int? = nil, max maximum: Int? = nil) -> LengthMatcher {
        LengthMatcher(min: minimum, max: maximum)
    }

    public static func script(_ command: String...) -> ScriptMatcher {
        ScriptMatcher(command)
    }

    public static func not(_ matcher: any Matcher) -> NotMatcher {
        NotMatcher(matcher)
    }

    public static func all(_ matchers: any Matcher...) -> AllMatcher {
        AllMatcher(matchers)
    }

    public static func any(_ matchers: any Matcher...) -> AnyMatcher {
        AnyMatcher(matchers)
    }
}
