import Foundation
import EvalKitMatchers
import EvalKitResults
import EvalKitSuite

extension GoldenChecker {
    /// What checking one judged target against its golden file did.
    public struct Round: Sendable {
        /// The target's cases with their golden verdicts.
        public var cases: [CaseReport]
        /// Warnings to show: differences that do not fail, new entries, the command that accepts them.
        public var notes: [String]
        /// Golden files that could not be written; the run fails (exit 2).
        public var failures: [String]
        /// Entries whose case no longer exists.
        public var obsolete: [String]
    }

    /// Checks one judged target's outputs against its golden file and writes what the mode asks
    /// (the golden file, a pending `.golden.new`, or nothing), as `evals run` does.
    ///
    /// - Parameters:
    ///   - golden: the stored file, read before the run so a broken one stops it before anything is sent.
    ///   - strict: golden differences fail cases that have `expect` too, besides the suite's `golden_strict`.
    ///   - acceptCommand: named in every message about a pending file.
    public static func checkAndWrite(
        cases checked: [CaseReport], suite: Suite, target: Suite.ResolvedTarget, golden: GoldenFile?, mode: GoldenMode,
        ciMode: Bool, strict: Bool, store: GoldenStore, acceptCommand: String
    ) async -> Round {
        let check = GoldenCheck(
            golden: golden, suite: suite.name, target: target.name, mode: mode, ciMode: ciMode, strict: strict || suite.goldenStrict,
            matcherFor: goldenMatcher(named: suite.goldenMatcher), acceptCommand: acceptCommand, model: target.shownModel)
        // Every case of the suite, held or streamed from its datasets.
        var hasExpect: [String: Bool] = [:]
        var cursor = suite.makeCaseCursor()
        while let item = cursor.next() {
            check.noteSuiteCase(id: item.id)
            if hasExpect[item.id] == nil { hasExpect[item.id] = !item.expect.isEmpty || !suite.defaults.expect.isEmpty }
        }
        var cases: [CaseReport] = []
        cases.reserveCapacity(checked.count)
        for item in checked {
            cases.append(await check.check(item, hasExpect: hasExpect[item.id] ?? false))
        }
        let summary = check.finish(store: store)
        if summary.updatesUnwritten {
            // Nothing was written: no case may say its entry was.
            cases = cases.map(GoldenCheck.unwritten)
        }
        return Round(cases: cases, notes: summary.notes, failures: summary.failures, obsolete: summary.obsolete)
    }

    /// The suite's `golden_matcher` built for a golden output, as `GoldenCheck` takes it.
    public static func goldenMatcher(named name: String?) -> (String) -> (any Matcher)? {
        { expected in name.flatMap { MatcherDecoder.goldenMatcher(named: $0, expected: expected) } }
    }
}
