import Foundation
import YAMLLite
import EvalKitProcess
import EvalKitSupport

/// Builds matchers from suite nodes: `expect` values, with locations in every error.
///
/// A bare string is `exact`; a mapping is one matcher, named by one key, with its options beside
/// it (`{exact: x, case_sensitive: false}`); a list means every matcher must pass. Booleans are
/// `true` or `false`, numbers are written in digits; anything else is an error at its place.
public enum MatcherDecoder {
    /// The names a suite may use.
    public static let names: [String] = [
        "exact", "contains", "not_contains", "starts_with", "ends_with", "one_of", "regex", "numeric", "json", "similar",
        "length", "script", "not", "all", "any",
    ]

    /// The names `golden_matcher` accepts: matchers that compare an output with one expected text.
    public static let goldenMatcherNames: [String] = ["exact", "contains", "starts_with", "ends_with", "numeric", "json", "similar"]

    /// The options each matcher takes beside its name in the same mapping.
    static let options: [String: [String]] = [
        "exact": ["case_sensitive", "normalize_whitespace", "trim"],
        "one_of": ["case_sensitive", "normalize_whitespace", "trim"],
        "contains": ["case_sensitive"], "not_contains": ["case_sensitive"],
        "starts_with": ["case_sensitive"], "ends_with": ["case_sensitive"],
        "regex": ["flags"], "numeric": ["tolerance", "rel_tolerance"], "similar": ["min"],
    ]

    /// The keys of the matchers whose value is itself a mapping of options (`json: {equals: J}`, `length: {min: 1}`).
    static let valueKeys: [String: [String]] = [
        "json": ["equals", "contains"],
        "length": ["min", "max"],
    ]

    /// An `expect` value: a bare string is `exact`, a mapping is one matcher, a list means all must pass.
    public static func decodeExpectation(_ node: Node, in source: SourceFile, directory: URL) throws(Diagnostic) -> [any Matcher] {
        let decoder = Decoder(source: source, directory: directory)
        guard case .sequence(let items) = node.content else { return [try decoder.matcher(node)] }
        guard !items.isEmpty else { throw source.diagnostic("expect is an empty list; give at least one matcher", at: node.mark) }
        var matchers: [any Matcher] = []
        for item in items { matchers.append(try decoder.matcher(item)) }
        return matchers
    }

    /// One matcher: a string (`exact`), a mapping, or a list (`all`).
    public static func decodeMatcher(_ node: Node, in source: SourceFile, directory: URL) throws(Diagnostic) -> any Matcher {
        try Decoder(source: source, directory: directory).matcher(node)
    }

    public static func isValidGoldenMatcherName(_ name: String) -> Bool {
        goldenMatcherNames.contains(name)
    }

    /// The matcher used for golden checks under `golden_matcher: NAME`, comparing with the golden output.
    ///
    /// `contains`, `starts_with` and `ends_with` use the trimmed golden output as their text;
    /// `numeric` and `json` fall back to `exact` when the golden output has no number or is not JSON.
    public static func goldenMatcher(named name: String, expected: String) -> (any Matcher)? {
        let trimmed = expected.trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "exact": return ExactMatcher(expected)
        case "contains": return ContainsMatcher(trimmed)
        case "starts_with": return StartsWithMatcher(trimmed)
        case "ends_with": return EndsWithMatcher(trimmed)
        case "similar": return SimilarMatcher(expected)
        case "numeric": return NumberReader.number(in: expected).map { NumericMatcher($0) } ?? ExactMatcher(expected)
        case "json": return (try? JSONPattern(jsonText: expected)).map { JSONMatcher(.equals($0)) } ?? ExactMatcher(expected)
        default: return nil
        }
    }
}

/// The decoding of one suite's matchers, holding what every error and `script` check needs.
private struct Decoder {
    let source: SourceFile
    let directory: URL

    func fail(_ message: String, at mark: Mark) -> Diagnostic {
        source.diagnostic(message, at: mark)
    }

    func matcher(_ node: Node) throws(Diagnostic) -> any Matcher {
        switch node.content {
        case .null:
            throw fail("expected a matcher (a string, a mapping such as {regex: \"^IV$\"} or a list), got null", at: node.mark)
        case .scalar(let text):
            return ExactMatcher(text)
        case .sequence:
            return AllMatcher(try matcherList(node, for: "a list of matchers"))
        case .mapping(let entries):
            return try mapping(entries, at: node.mark)
        }
    }

    private func matcherList(_ node: Node, for name: String) throws(Diagnostic) -> [any Matcher] {
        guard case .sequence(let items) = node.content else { throw fail("\(name) expects a list of matchers, got \(node.kindName)", at: node.mark) }
        guard !items.isEmpty else { throw fail("\(name) is an empty list; give at least one matcher", at: node.mark) }
        var matchers: [any Matcher] = []
        for item in items { matchers.append(try matcher(item)) }
        return matchers
    }

    private func mapping(_ entries: [Node.Entry], at mark: Mark) throws(Diagnostic) -> any Matcher {
        let named = entries.filter { MatcherDecoder.names.contains($0.key) }
        if named.count > 1 {
            throw fail("one matcher per mapping, found '\(named[0].key)' and '\(named[1].key)'; write a list to require both", at: named[1].keyMark)
        }
        guard let main = named.first else {
            guard let first = entries.first else {
                throw fail("empty matcher mapping; name a matcher such as exact, contains or regex", at: mark)
            }
            if MatcherDecoder.options.values.contains(where: { $0.contains(first.key) }) {
                throw fail("option '\(first.key)' needs a matcher beside it in the same mapping", at: first.keyMark)
            }
            throw fail("unknown matcher '\(first.key)'" + EditDistance.suggestion(first.key, in: MatcherDecoder.names), at: first.keyMark)
        }
        let allowed = MatcherDecoder.options[main.key] ?? []
        var options: [String: Node.Entry] = [:]
        for entry in entries where entry.key != main.key {
            guard allowed.contains(entry.key) else {
                let hint = EditDistance.closest(to: entry.key, in: allowed) ?? EditDistance.closest(to: entry.key, in: MatcherDecoder.names)
                let suggestion = hint.map { "; did you mean '\($0)'?" } ?? ""
                let known = allowed.isEmpty ? " (\(main.key) takes no options)" : " (valid: \(allowed.joined(separator: ", ")))"
                throw fail("unknown option '\(entry.key)' for \(main.key)\(suggestion)\(known)", at: entry.keyMark)
            }
            options[entry.key] = entry
        }
        return try build(main, options: options)
    }

    private func build(_ main: Node.Entry, options: [String: Node.Entry]) throws(Diagnostic) -> any Matcher {
        let value = main.value
        let caseSensitive = try bool(options["case_sensitive"], default: true)
        switch main.key {
        case "exact":
            return ExactMatcher(
                try string(value, for: main.key), caseSensitive: caseSensitive,
                normalizeWhitespace: try bool(options["normalize_whitespace"], default: false), trim: try bool(options["trim"], default: true))
        case "one_of":
            return OneOfMatcher(
                try strings(value, for: main.key), caseSensitive: caseSensitive,
                normalizeWhitespace: try bool(options["normalize_whitespace"], default: false), trim: try bool(options["trim"], default: true))
        case "contains": return ContainsMatcher(try string(value, for: main.key), caseSensitive: caseSensitive)
        case "not_contains": return NotContainsMatcher(try string(value, for: main.key), caseSensitive: caseSensitive)
        case "starts_with": return StartsWithMatcher(try string(value, for: main.key), caseSensitive: caseSensitive)
        case "ends_with": return EndsWithMatcher(try string(value, for: main.key), caseSensitive: caseSensitive)
        case "regex": return try regex(value, flags: options["flags"])
        case "numeric": return try numeric(value, options: options)
        case "json": return try json(value)
        case "similar":
            let minimum = try number(options["min"], default: Decimal(string: "0.8")!, range: .share)
            return SimilarMatcher(try string(value, for: main.key), min: NSDecimalNumber(decimal: minimum).doubleValue)
        case "length": return try length(value)
        case "script": return try script(value)
        case "not": return NotMatcher(try matcher(value))
        case "all": return AllMatcher(try matcherList(value, for: "all"))
        default: return AnyMatcher(try matcherList(value, for: "any"))
        }
    }

    private func string(_ node: Node, for name: String) throws(Diagnostic) -> String {
        guard let text = node.scalar else { throw fail("\(name) expects a string, got \(node.kindName)", at: node.mark) }
        return text
    }

    private func strings(_ node: Node, for name: String) throws(Diagnostic) -> [String] {
        guard let items = node.items else { throw fail("\(name) expects a list of strings, got \(node.kindName)", at: node.mark) }
        guard !items.isEmpty else { throw fail("\(name) is an empty list; give at least one string", at: node.mark) }
        var texts: [String] = []
        for item in items {
            guard let text = item.scalar else { throw fail("\(name) expects a list of strings, got \(item.kindName) in it", at: item.mark) }
            texts.append(text)
        }
        return texts
    }

    private func bool(_ entry: Node.Entry?, default value: Bool) throws(Diagnostic) -> Bool {
        guard let entry else { return value }
        switch entry.value.scalar {
        case "true": return true
        case "false": return false
        case let text?: throw fail("\(entry.key) expects true or false, got \(Visible.quoted(text))", at: entry.value.mark)
        case nil: throw fail("\(entry.key) expects true or false, got \(entry.value.kindName)", at: entry.value.mark)
        }
    }

    /// A matcher option's number, within `range` (SPEC §4: every number has a range).
    private func number(_ entry: Node.Entry?, default value: Decimal, range: NumberRange) throws(Diagnostic) -> Decimal {
        guard let entry else { return value }
        guard let text = entry.value.scalar else { throw fail("\(entry.key) expects a number, got \(entry.value.kindName)", at: entry.value.mark) }
        guard let number = NumberReader.wholeDigits(text)?.value else {
            throw fail("\(entry.key) expects a number, got \(Visible.quoted(text))", at: entry.value.mark)
        }
        guard !number.isNaN, range.contains(NSDecimalNumber(decimal: number).doubleValue) else {
            throw fail(range.message(for: entry.key, got: text, .outOfRange), at: entry.value.mark)
        }
        return number
    }

    /// A `length` bound: a whole number of characters within `NumberRange.length`.
    private func count(_ entry: Node.Entry?) throws(Diagnostic) -> Int? {
        guard let entry else { return nil }
        guard let text = entry.value.scalar else {
            throw fail("\(entry.key) expects a whole number of characters, got \(entry.value.kindName)", at: entry.value.mark)
        }
        switch NumberRange.length.wholeNumber(text) {
        case .success(let count): return count
        case .failure(.notANumber): throw fail("\(entry.key) expects a whole number of characters, got \(Visible.quoted(text))", at: entry.value.mark)
        case .failure(let problem): throw fail(NumberRange.length.message(for: entry.key, got: text, problem), at: entry.value.mark)
        }
    }

    private func regex(_ node: Node, flags entry: Node.Entry?) throws(Diagnostic) -> any Matcher {
        let pattern = try string(node, for: "regex")
        var flags = ""
        if let entry {
            guard let text = entry.value.scalar else { throw fail("flags expects a string of letters from imsx, got \(entry.value.kindName)", at: entry.value.mark) }
            if let bad = text.first(where: { !"imsx".contains($0) }) {
                throw fail("unknown regex flag '\(bad)' in \(Visible.quoted(text)); flags are letters from imsx", at: entry.value.mark)
            }
            flags = text
        }
        do {
            return try RegexMatcher(pattern, flags: flags)
        } catch {
            throw fail(error.message, at: node.mark)
        }
    }

    private func numeric(_ node: Node, options: [String: Node.Entry]) throws(Diagnostic) -> any Matcher {
        let tolerance = try number(options["tolerance"], default: 0, range: .tolerance)
        let relative = try options["rel_tolerance"].map { entry throws(Diagnostic) in try number(entry, default: 0, range: .tolerance) }
        let text = try string(node, for: "numeric")
        guard let matcher = NumericMatcher(reading: text, tolerance: tolerance, relativeTolerance: relative) else {
            throw fail("numeric expects a number (digits, English words or a Roman numeral), got \(Visible.quoted(text))", at: node.mark)
        }
        return matcher
    }

    private func json(_ node: Node) throws(Diagnostic) -> any Matcher {
        if node.isNull { return JSONMatcher() }
        guard let entries = node.entries else {
            throw fail("json expects a mapping: {} to check that the output parses, or {equals: J} or {contains: J}; got \(node.kindName)", at: node.mark)
        }
        var mode = JSONMatcher.Mode.valid
        let keys = MatcherDecoder.valueKeys["json"] ?? []
        for (index, entry) in entries.enumerated() {
            guard keys.contains(entry.key) else {
                throw fail("unknown option '\(entry.key)' for json" + EditDistance.suggestion(entry.key, in: keys), at: entry.keyMark)
            }
            if index > 0 { throw fail("json takes equals or contains, not both", at: entry.keyMark) }
            let pattern = try jsonPattern(entry)
            mode = entry.key == "equals" ? .equals(pattern) : .contains(pattern)
        }
        return JSONMatcher(mode)
    }

    private func jsonPattern(_ entry: Node.Entry) throws(Diagnostic) -> JSONPattern {
        switch entry.value.content {
        case .scalar(let text):
            do {
                return try JSONPattern(jsonText: text)
            } catch {
                throw fail("invalid JSON in \(entry.key): \(error)", at: entry.value.mark)
            }
        case .sequence, .mapping:
            return JSONPattern(node: entry.value)
        case .null:
            throw fail("\(entry.key) expects JSON text, a mapping or a list, got null", at: entry.value.mark)
        }
    }

    private func length(_ node: Node) throws(Diagnostic) -> any Matcher {
        guard let entries = node.entries else { throw fail("length expects a mapping such as {min: 1, max: 80}, got \(node.kindName)", at: node.mark) }
        let keys = MatcherDecoder.valueKeys["length"] ?? []
        for entry in entries where !keys.contains(entry.key) {
            throw fail("unknown option '\(entry.key)' for length" + EditDistance.suggestion(entry.key, in: keys), at: entry.keyMark)
        }
        let minimum = try count(node.entry("min")), maximum = try count(node.entry("max"))
        guard minimum != nil || maximum != nil else { throw fail("length needs min, max or both", at: node.mark) }
        if let minimum, let maximum, minimum > maximum {
            throw fail("length min \(minimum) is greater than max \(maximum)", at: node.entry("min")!.value.mark)
        }
        return LengthMatcher(min: minimum, max: maximum)
    }

    private func script(_ node: Node) throws(Diagnostic) -> any Matcher {
        var command: [String]
        if let text = node.scalar {
            command = [text]
        } else if let items = node.items {
            command = []
            for item in items {
                guard let text = item.scalar else { throw fail("script expects a list of strings, got \(item.kindName) in it", at: item.mark) }
                command.append(text)
            }
        } else {
            throw fail("script expects a list: [program, args...], got \(node.kindName)", at: node.mark)
        }
        guard let program = command.first, !program.isEmpty else { throw fail("script needs a program to run", at: node.mark) }
        if ProcessRunner.resolve(program, directory: directory) == nil {
            let place = node.items?.first?.mark ?? node.mark
            let reason = program.contains("/") ? "not found or not executable (relative to the suite's folder)" : "not found on PATH"
            throw fail("script program '\(program)' \(reason)", at: place)
        }
        return ScriptMatcher(command)
    }
}
