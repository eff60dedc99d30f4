import Foundation
import EvalKitSupport

/// `regex: P`: the pattern matches somewhere in the trimmed output; anchor it with `^…$`.
///
/// Patterns use PCRE-like syntax; a pattern must be valid both as a Swift `Regex` (which words
/// the errors) and for ICU's engine (which matches, because it can be stopped). Flags are letters
/// from `imsx`: `i` ignores case, `m` makes `^` and `$` match at line ends, `s` lets `.` match a
/// line end, `x` allows whitespace and comments in the pattern; `\b` follows Unicode word
/// boundaries, and `.` matches one Unicode scalar. The pattern is compiled once, at construction.
/// A match that runs past the context's timeout, or that the engine cannot decide, is an error.
public struct RegexMatcher: Matcher {
    /// Why a pattern or its flags were rejected.
    public struct InvalidPattern: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public let pattern: String
    public let flags: String
    private let regex: NSRegularExpression

    public init(_ pattern: String, flags: String = "") throws(InvalidPattern) {
        if let bad = flags.first(where: { !"imsx".contains($0) }) {
            throw InvalidPattern(message: "unknown regex flag '\(bad)' in \"\(flags)\"; flags are letters from imsx")
        }
        do {
            _ = try Regex(flags.contains("x") ? "(?x)" + pattern : pattern)
        } catch {
            throw InvalidPattern(message: "invalid regex /\(pattern)/: \(error)")
        }
        var options: NSRegularExpression.Options = [.useUnicodeWordBoundaries]
        if flags.contains("i") { options.insert(.caseInsensitive) }
        if flags.contains("m") { options.insert(.anchorsMatchLines) }
        if flags.contains("s") { options.insert(.dotMatchesLineSeparators) }
        if flags.contains("x") { options.insert(.allowCommentsAndWhitespace) }
        do {
            regex = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw InvalidPattern(message: "invalid regex /\(pattern)/: the matching engine (ICU) does not support this syntax; write code points as \\x{…} and bounds as {0,n}")
        }
        self.pattern = pattern
        self.flags = flags
    }

    public var name: String { "regex" }
    public var description: String { "regex \(literal)" }
    private var literal: String { "/\(Visible.text(pattern, limit: 200))/\(flags)" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to match " : "to match ") + literal
    }

    /// How a search ended.
    private enum Search: Sendable {
        case decided(Bool)
        case stopped(MatchBudget.Stop)
        /// ICU gave up, having run out of its backtracking stack.
        case undecided
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let regex = regex
        let search = await MatchBudget.run(timeout: context.timeout) { budget in Self.search(regex, in: text, budget: budget) }
        switch search {
        case .decided(let found):
            return verdict(found, output: output)
        case .stopped(.timedOut):
            return error("\(description) ran past the case's timeout of \(context.timeout.secondsText) s", output: output)
        case .stopped(.cancelled):
            return error("\(description) was interrupted", output: output)
        case .undecided:
            return error("\(description) could not be decided: the pattern backtracks too deeply on this output", output: output)
        }
    }

    /// Looks for the first match, giving up when the budget runs out; ICU reports progress
    /// during a long search, so the budget is polled even inside one backtracking attempt.
    private static func search(_ regex: NSRegularExpression, in text: String, budget: MatchBudget) -> Search {
        var result = Search.decided(false)
        regex.enumerateMatches(in: text, options: [.reportProgress, .reportCompletion], range: NSRange(location: 0, length: text.utf16.count)) { match, flags, stop in
            if match != nil {
                result = .decided(true)
                stop.pointee = true
            } else if flags.contains(.internalError) {
                result = .undecided
            } else if !flags.contains(.completed), let exhausted = budget.exhausted {
                result = .stopped(exhausted)
                stop.pointee = true
            }
        }
        return result
    }

    private func error(_ message: String, output: String) -> MatchResult {
        MatchResult(.error, matcher: name, message: message, actual: output)
    }
}
