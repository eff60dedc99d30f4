/// `regex: P`: the pattern matches somewhere in the trimmed output; anchor it with `^…$`.
///
/// Patterns use Swift `Regex` syntax (PCRE-like). Flags are letters from `imsx`: `i` ignores
/// case, `m` makes `^` and `$` match at line ends, `s` lets `.` match a line end, `x` allows
/// whitespace and comments in the pattern. The pattern is compiled once, at construction.
public struct RegexMatcher: Matcher {
    /// Why a pattern or its flags were rejected.
    public struct InvalidPattern: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public let pattern: String
    public let flags: String
    /// Immutable after construction and compiled there (the first match lowers it); `Regex` is
    /// non-Sendable only because its dynamic output type holds `Any`, which this matcher never reads.
    nonisolated(unsafe) private let regex: Regex<AnyRegexOutput>

    public init(_ pattern: String, flags: String = "") throws(InvalidPattern) {
        if let bad = flags.first(where: { !"imsx".contains($0) }) {
            throw InvalidPattern(message: "unknown regex flag '\(bad)' in \"\(flags)\"; flags are letters from imsx")
        }
        var regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(flags.contains("x") ? "(?x)" + pattern : pattern)
        } catch {
            throw InvalidPattern(message: "invalid regex /\(pattern)/: \(error)")
        }
        if flags.contains("i") { regex = regex.ignoresCase() }
        if flags.contains("m") { regex = regex.anchorsMatchLineEndings() }
        if flags.contains("s") { regex = regex.dotMatchesNewlines() }
        self.pattern = pattern
        self.flags = flags
        _ = try? regex.firstMatch(in: "")
        self.regex = regex
    }

    public var name: String { "regex" }
    public var description: String { "regex \(literal)" }
    private var literal: String { "/\(Visible.text(pattern, limit: 200))/\(flags)" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to match " : "to match ") + literal
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let found = (try? regex.firstMatch(in: text)) != nil
        return verdict(found, output: output)
    }
}
