import YAMLLite

/// The cases a run selects (SPEC §2): `--filter`, `--tag`, `--exclude-tag`, `--limit` and `--shard`.
///
/// Repeated filters are ORed, repeated tags are ORed, the two kinds are ANDed, excluded tags
/// remove; then `limit` keeps the first N selected cases, then `shard` keeps those in shard K.
public struct CaseSelection: Sendable {
    /// Why a case is deselected: it is not run, and reported nowhere but in a count (SPEC §2).
    public enum Exclusion: String, Sendable {
        /// The selection options (`--filter`, `--tag`, `--exclude-tag`, `--limit`) leave it out.
        case filtered
        /// It belongs to another shard.
        case shard
    }

    /// One case with why it is deselected, or `nil` when it runs.
    public struct Entry: Sendable {
        public var testCase: Suite.Case
        public var skip: Exclusion?

        public init(testCase: Suite.Case, skip: Exclusion?) {
            self.testCase = testCase
            self.skip = skip
        }
    }

    /// Regular expressions; a case is kept when its id contains a match of any.
    public let filters: [String]
    /// A case is kept when it carries any of these (all cases when empty).
    public let tags: [String]
    /// A case carrying any of these is removed.
    public let excludeTags: [String]
    /// Only the first N cases that the other options select.
    public let limit: Int?
    /// Shard `index` of `count`, both from 1.
    public let shard: ShardSpec?
    private let patterns: [Pattern]

    /// A compiled filter; a `Regex` is an immutable value, safe to share between tasks.
    private struct Pattern: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    /// Why a selection cannot be made; the caller words it (the command line names its options).
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// A filter that is not a regular expression, and why.
        case invalidFilter(pattern: String, reason: String)
        /// A limit below 1.
        case limitBelowOne(Int)

        public var description: String {
            switch self {
            case .invalidFilter(let pattern, let reason): "filter '\(pattern)' is not a valid regular expression: \(reason)"
            case .limitBelowOne(let limit): "the limit must be a whole number of at least 1, got \(limit)"
            }
        }
    }

    /// A selection; an invalid filter pattern or a limit below 1 is a `Problem`.
    public init(filters: [String] = [], tags: [String] = [], excludeTags: [String] = [], limit: Int? = nil, shard: ShardSpec? = nil) throws(Problem) {
        var patterns: [Pattern] = []
        for filter in filters {
            do {
                patterns.append(Pattern(regex: try Regex(filter)))
            } catch {
                throw .invalidFilter(pattern: filter, reason: "\(error)")
            }
        }
        if let limit, limit < 1 {
            throw .limitBelowOne(limit)
        }
        self.filters = filters
        self.tags = tags
        self.excludeTags = excludeTags
        self.limit = limit
        self.shard = shard
        self.patterns = patterns
    }

    /// Every case in order, each with why it is deselected; those with no reason run.
    public func apply(to cases: [Suite.Case]) -> [Entry] {
        var walk = self.walk()
        return cases.map { Entry(testCase: $0, skip: walk.exclusion(for: $0)) }
    }

    /// A walk through a suite's cases that says, case by case in suite order, why each is
    /// deselected, so that the cases need not be held (SPEC §11).
    public func walk() -> Walk {
        Walk(selection: self)
    }

    public struct Walk: Sendable {
        let selection: CaseSelection
        /// How many cases the options have kept so far, before sharding.
        private var selected = 0

        init(selection: CaseSelection) {
            self.selection = selection
        }

        /// Why the next case is deselected, or `nil` when it runs.
        public mutating func exclusion(for testCase: Suite.Case) -> Exclusion? {
            guard selection.matches(testCase), selection.limit.map({ selected < $0 }) ?? true else { return .filtered }
            selected += 1
            if let shard = selection.shard, !shard.contains(caseID: testCase.id) { return .shard }
            return nil
        }
    }

    /// Whether the filters, tags and excluded tags keep the case (limit and shard aside).
    public func matches(_ testCase: Suite.Case) -> Bool {
        if !patterns.isEmpty && !patterns.contains(where: { testCase.id.contains($0.regex) }) { return false }
        if !tags.isEmpty && !testCase.tags.contains(where: tags.contains) { return false }
        return !testCase.tags.contains(where: excludeTags.contains)
    }
}
