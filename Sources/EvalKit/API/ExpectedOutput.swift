import Foundation
import EvalKitMatchers

/// A matcher written with a leading dot where Swift code expects one: `.exact("IV")`,
/// `.numeric(4)`, `.not(.contains("sorry"))`, `.all(.regex("^IV$"), .length(max: 4))`.
///
/// It wraps any ``Matcher`` and judges exactly as that matcher does, with the same name and
/// message as a suite would show. A factory given an invalid argument (a regex that does not
/// compile, JSON that does not parse) makes a matcher whose every result is an `error` saying
/// why, so the mistake shows where the expectation is checked.
public struct ExpectedOutput: Matcher {
    private enum Storage: Sendable {
        case matcher(any Matcher)
        case invalid(name: String, message: String)
    }

    private let storage: Storage

    /// Wraps a matcher of any type, one of your own included.
    public init(_ matcher: any Matcher) {
        storage = .matcher(matcher)
    }

    private init(invalid name: String, _ message: String) {
        storage = .invalid(name: name, message: message)
    }

    /// The matcher this stands for; nil when its arguments were invalid.
    public var matcher: (any Matcher)? {
        if case .matcher(let matcher) = storage { return matcher }
        return nil
    }

    public var name: String {
        switch storage {
        case .matcher(let matcher): matcher.name
        case .invalid(let name, _): name
        }
    }

    public var description: String {
        switch storage {
        case .matcher(let matcher): matcher.description
        case .invalid(let name, let message): "\(name) (invalid: \(message))"
        }
    }

    public func expectation(negated: Bool) -> String {
        switch storage {
        case .matcher(let matcher): matcher.expectation(negated: negated)
        case .invalid: negated ? "not to satisfy \(description)" : "to satisfy \(description)"
        }
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        switch storage {
        case .matcher(let matcher): await matcher.evaluate(output, in: context)
        case .invalid(let name, let message): MatchResult(.error, matcher: name, message: "invalid \(name) matcher: \(message)")
        }
    }
}

extension ExpectedOutput {
    /// The output equals `expected` after trimming surrounding whitespace.
    public static func exact(_ expected: String, caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) -> ExpectedOutput {
        ExpectedOutput(Matchers.exact(expected, caseSensitive: caseSensitive, normalizeWhitespace: normalizeWhitespace, trim: trim))
    }

    /// The output contains `text` (after trimming).
    public static func contains(_ text: String, caseSensitive: Bool = true) -> ExpectedOutput {
        ExpectedOutput(Matchers.contains(text, caseSensitive: caseSensitive))
    }

    /// The output does not contain `text`.
    public static func notContains(_ text: String, caseSensitive: Bool = true) -> ExpectedOutput {
        ExpectedOutput(Matchers.notContains(text, caseSensitive: caseSensitive))
    }

    /// The trimmed output starts with `prefix`.
    public static func startsWith(_ prefix: String, caseSensitive: Bool = true) -> ExpectedOutput {
        ExpectedOutput(Matchers.startsWith(prefix, caseSensitive: caseSensitive))
    }

    /// The trimmed output ends with `suffix`.
    public static func endsWith(_ suffix: String, caseSensitive: Bool = true) -> ExpectedOutput {
        ExpectedOutput(Matchers.endsWith(suffix, caseSensitive: caseSensitive))
    }

    /// An exact match with any of `options`.
    public static func oneOf(_ options: [String], caseSensitive: Bool = true, normalizeWhitespace: Bool = false, trim: Bool = true) -> ExpectedOutput {
        ExpectedOutput(Matchers.oneOf(options, caseSensitive: caseSensitive, normalizeWhitespace: normalizeWhitespace, trim: trim))
    }

    /// `pattern` matches somewhere in the output (anchor it with `^…$`); `flags` from `imsx`.
    public static func regex(_ pattern: String, flags: String = "") -> ExpectedOutput {
        do {
            return ExpectedOutput(try Matchers.regex(pattern, flags: flags))
        } catch {
            return ExpectedOutput(invalid: "regex", error.message)
        }
    }

    /// The output's number (digits, English words or a Roman numeral) equals `expected` within
    /// `tolerance` (absolute) or `relativeTolerance`.
    public static func numeric(_ expected: Decimal, tolerance: Decimal = 0, relativeTolerance: Decimal? = nil) -> ExpectedOutput {
        ExpectedOutput(Matchers.numeric(expected, tolerance: tolerance, relativeTolerance: relativeTolerance))
    }

    /// The output parses as JSON.
    public static func json() -> ExpectedOutput {
        ExpectedOutput(Matchers.json())
    }

    /// The output parses as JSON equal to `jsonText`.
    public static func json(equals jsonText: String) -> ExpectedOutput {
        do {
            return ExpectedOutput(try Matchers.json(equals: jsonText))
        } catch {
            return ExpectedOutput(invalid: "json", "equals: \(error.description)")
        }
    }

    /// The output parses as JSON of which `jsonText` is a recursive subset.
    public static func json(contains jsonText: String) -> ExpectedOutput {
        do {
            return ExpectedOutput(try Matchers.json(contains: jsonText))
        } catch {
            return ExpectedOutput(invalid: "json", "contains: \(error.description)")
        }
    }

    /// Normalized Levenshtein similarity to `expected` is at least `min`.
    public static func similar(_ expected: String, min minimum: Double = 0.8) -> ExpectedOutput {
        ExpectedOutput(Matchers.similar(expected, min: minimum))
    }

    /// The character count is within the bounds, inclusive.
    public static func length(min minimum: Int? = nil, max maximum: Int? = nil) -> ExpectedOutput {
        ExpectedOutput(Matchers.length(min: minimum, max: maximum))
    }

    /// The program exits 0 with the output on stdin.
    public static func script(_ command: String...) -> ExpectedOutput {
        ExpectedOutput(ScriptMatcher(command))
    }

    /// Passes when `expected` fails; an error stays an error.
    public static func not(_ expected: ExpectedOutput) -> ExpectedOutput {
        ExpectedOutput(NotMatcher(expected))
    }

    /// Every one passes; the first that does not decides the result.
    public static func all(_ expected: ExpectedOutput...) -> ExpectedOutput {
        ExpectedOutput(AllMatcher(expected))
    }

    /// At least one passes.
    public static func any(_ expected: ExpectedOutput...) -> ExpectedOutput {
        ExpectedOutput(AnyMatcher(expected))
    }
}
