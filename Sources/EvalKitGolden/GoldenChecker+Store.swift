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
        cases: [CaseReport], suite: Suite, target: Suite.ResolvedTarget, golden: GoldenFile?, mode: GoldenMode,
        ciMode: Bool, strict: Bool, store: GoldenStore, acceptCommand: String
    ) async -> Round {
        let hasExpect = Dictionary(suite.cases.map { ($0.id, !$0.expect.isEmpty || !suite.defaults.expect.isEmpty) }) { first, _ in first }
        let matcherName = suite.goldenMatcher
        let result = await check(
            cases: cases, hasExpect: hasExpect, golden: golden, allCaseIDs: suite.cases.map(\.id),
            suite: suite.name, target: target.name, mode: mode, ciMode: ciMode, strict: strict || suite.goldenStrict,
            matcherFor: { expected in matcherName.flatMap { MatcherDecoder.goldenMatcher(named: $0, expected: expected) } },
            acceptCommand: acceptCommand, model: target.shownModel)
        var cases = result.cases
        var failures: [String] = []
        do {
            switch result.write {
            case .golden(let file):
                try store.write(file, suite: suite.name, target: target.name)
            case .pending(let file):
                try store.writePending(file, suite: suite.name, target: target.name)
            case nil:
                break
            }
            if result.removesStalePending {
                _ = try store.removePending(suite: suite.name, target: target.name)
            }
        } catch {
            failures.append("could not write the golden file of \(suite.name)[\(target.name)], so the run fails: \(error.heading)")
            // Nothing was written: no case may say its entry was.
            for index in cases.indices where cases[index].golden == .updated { cases[index].golden = .off }
        }
        return Round(cases: cases, notes: result.warnings, failures: failures, obsolete: result.obsolete)
    }
}
