import EvalKitResults

/// What a golden check decided: the updated cases, messages, obsolete entries and the file to write.
public struct GoldenCheckResult: Sendable, Equatable {
    /// A golden file to write, and where.
    public enum Write: Sendable, Equatable {
        /// Over `<target>.golden` (`--golden update`).
        case golden(GoldenFile)
        /// As `<target>.golden.new` (a check outside CI mode that found differences or new entries).
        case pending(GoldenFile)
    }

    /// The cases with `golden`, `goldenOutput` and `goldenDiff` set, and golden failures applied.
    public var cases: [CaseReport]
    /// One line per golden difference that did not fail its case, and one line for all the new
    /// entries that did not, each naming the accept command. Failing ones are in their case's
    /// `messages` instead.
    public var warnings: [String]
    /// Ids of golden entries whose case no longer exists, in file order; they never fail a run.
    public var obsolete: [String]
    /// The file to write; nil in CI mode (outside `update`) and when nothing differs.
    public var write: Write?
    /// Whether a stale `<target>.golden.new` should be deleted (after `update`).
    public var removesStalePending: Bool

    public init(cases: [CaseReport], warnings: [String] = [], obsolete: [String] = [], write: Write? = nil, removesStalePending: Bool = false) {
        self.cases = cases
        self.warnings = warnings
        self.obsolete = obsolete
        self.write = write
        self.removesStalePending = removesStalePending
    }
}
