import Foundation
import EvalKitMatchers
import EvalKitSupport
import EvalKitResults

/// The golden check of one judged target, one case at a time (SPEC §7.1, §11): made before the
/// run from the golden file as read, it checks each case as it is delivered, in suite order, and
/// keeps only what the end needs — the entries a written file would change, the warnings, the
/// counts of model versions — never the cases themselves.
///
/// Every suite case's id, selected or not, is given with `noteSuiteCase(id:)`: they order the
/// file written and decide which stored entries are obsolete. Used by one task at a time.
public final class GoldenCheck: @unchecked Sendable {
    /// What the end of a check decided beside the cases: messages, obsolete entries, the file to write.
    public struct Summary: Sendable {
        /// Warnings to show, as `GoldenCheckResult.warnings`.
        public var notes: [String]
        /// Golden files that could not be written; the run fails (exit 2).
        public var failures: [String]
        /// Entries whose case no longer exists, in file order.
        public var obsolete: [String]
        /// True when an update's golden file could not be written: no case may say its entry was
        /// (`unwritten(_:)` turns `updated` into `off`).
        public var updatesUnwritten: Bool
    }

    public let suite: String
    public let target: String
    public let mode: GoldenMode
    private let golden: GoldenFile?
    private let stored: [String: GoldenFile.Entry]
    private let ciMode: Bool
    private let strict: Bool
    private let matcherFor: (String) -> (any Matcher)?
    private let acceptCommand: String
    private let model: String?
    private let acceptHint: String
    /// Whether the end may write a file, so the answers must be kept.
    private let keepsAnswers: Bool

    private var suiteIDs: [String] = []
    /// The answered cases' ids in delivery order, first answer of an id only.
    private var answeredOrder: [String] = []
    private var answeredIDs: Set<String> = []
    /// The first answers that differ from their stored entry (output or prompt); the others are the stored entries.
    private var changedEntries: [String: GoldenFile.Entry] = [:]
    private var versionCounts: [String: Int] = [:]
    private var warnings: [String] = []
    /// The new entries that did not fail their case, and the answer of the first.
    private var recorded: [String] = []
    private var firstRecordedOutput: String?
    private var differs = false

    /// - Parameters:
    ///   - golden: the stored golden file, nil when there is none.
    ///   - strict: golden differences fail cases that have `expect` too.
    ///   - matcherFor: the `golden_matcher` built for a golden output; nil compares the outputs
    ///     exactly after trimming surrounding whitespace.
    ///   - acceptCommand: the command that accepts a pending file, named in every message.
    ///   - model: the target's model, recorded in the file written.
    public init(
        golden: GoldenFile?, suite: String, target: String, mode: GoldenMode, ciMode: Bool, strict: Bool,
        matcherFor: @escaping (String) -> (any Matcher)?, acceptCommand: String, model: String?
    ) {
        self.golden = golden
        self.stored = golden?.entriesByID ?? [:]
        self.suite = suite
        self.target = target
        self.mode = mode
        self.ciMode = ciMode
        self.strict = strict
        self.matcherFor = matcherFor
        self.acceptCommand = acceptCommand
        self.model = model
        self.acceptHint = ciMode
            ? "CI mode writes no golden files: rerun outside CI mode, then run `\(acceptCommand)`"
            : "run `\(acceptCommand)` to accept it"
        self.keepsAnswers = mode == .update || (mode == .check && !ciMode)
    }

    /// A new check of the same target with the same settings, golden file and suite cases, in
    /// `mode`, with nothing checked yet: an interrupted update checks its cases again with it.
    public func restarted(mode: GoldenMode) -> GoldenCheck {
        let fresh = GoldenCheck(
            golden: golden, suite: suite, target: target, mode: mode, ciMode: ciMode, strict: strict,
            matcherFor: matcherFor, acceptCommand: acceptCommand, model: model)
        fresh.suiteIDs = suiteIDs
        return fresh
    }

    /// Notes a case of the suite, selected or not, in suite order.
    public func noteSuiteCase(id: String) {
        suiteIDs.append(id)
    }

    /// Whether a delivered case has `expect` of its own or from `defaults`, from what it knows:
    /// an answered case has a matcher verdict exactly when it has.
    public static func hasExpect(_ item: CaseReport) -> Bool {
        item.matcherVerdict != nil
    }

    /// Checks (or, in `update`, records) the next case in suite order and returns it with
    /// `golden`, `goldenOutput` and `goldenDiff` set and any golden failure applied.
    ///
    /// - Parameter hasExpect: whether the case has `expect`; a case without is golden-only, so
    ///   its differences fail it.
    public func check(_ item: CaseReport, hasExpect: Bool) async -> CaseReport {
        var item = item
        guard mode != .off, let output = GoldenChecker.answer(item) else {
            item.golden = .off
            return item
        }
        record(item)
        let entry = stored[item.id]
        item.goldenOutput = entry?.output
        if mode == .update {
            if let entry, entry.output == output {
                item.golden = .unchanged
            } else {
                item.golden = .updated
                item.goldenDiff = entry.flatMap { UnifiedDiff.render(old: $0.output, new: output) }
            }
            return item
        }

        let fails: Bool
        let message: String
        if let entry {
            let matcher = entry.output == output ? nil : matcherFor(entry.output)
            if await GoldenChecker.matches(output, golden: entry.output, matcher: matcher, item: item) {
                item.golden = .unchanged
                return item
            }
            differs = true
            item.golden = .changed
            item.goldenDiff = UnifiedDiff.render(old: entry.output, new: output)
            let how = matcher.map { " by golden_matcher \($0.name)" } ?? ""
            let quoted = GoldenChecker.quote(entry.output)
            message = "output differs from golden \(quoted)\(how) (got \(GoldenChecker.quote(output)))"
            fails = strict || !hasExpect
            if !fails {
                warnings.append("golden: \(target)/\(item.id) differs from golden \(quoted)\(how) (got \(GoldenChecker.quote(output))); only a warning, as the case has expect; \(acceptHint)")
            }
        } else {
            differs = true
            item.golden = .new
            message = "no golden entry for this case (got \(GoldenChecker.quote(output)))"
            // A missing entry fails in CI mode exactly where a difference would (SPEC §7.1).
            fails = ciMode && (strict || !hasExpect)
            if !fails {
                if recorded.isEmpty { firstRecordedOutput = item.output }
                recorded.append(item.id)
            }
        }
        if fails {
            GoldenChecker.fail(&item, message: "\(message); \(acceptHint)")
        }
        return item
    }

    /// Keeps what the end needs of a case that answered: its model version, and its entry when a
    /// file may be written and the entry differs from the stored one.
    func record(_ item: CaseReport) {
        guard let output = GoldenChecker.answer(item) else { return }
        if let version = item.modelVersion { versionCounts[version, default: 0] += 1 }
        guard keepsAnswers, answeredIDs.insert(item.id).inserted else { return }
        answeredOrder.append(item.id)
        let entry = stored[item.id]
        if entry?.output != output || entry?.prompt != item.prompt {
            changedEntries[item.id] = GoldenFile.Entry(id: item.id, prompt: item.prompt, output: output)
        }
    }

    /// What the check decided once every case is checked: warnings, obsolete entries and the file
    /// to write (no cases: they were returned one by one).
    public func result() -> GoldenCheckResult {
        guard mode != .off else { return GoldenCheckResult(cases: []) }
        var result = GoldenCheckResult(cases: [], warnings: warnings)
        let known = Set(suiteIDs)
        result.obsolete = (golden?.entries ?? []).map(\.id).filter { !known.contains($0) }
        if let warning = GoldenChecker.newEntriesWarning(
            recorded, suite: suite, target: target, ciMode: ciMode, acceptHint: acceptHint, firstOutput: firstRecordedOutput) {
            result.warnings.append(warning)
        }
        if let warning = GoldenChecker.versionWarning(served: GoldenChecker.servedVersions(versionCounts), golden: golden, suite: suite, target: target) {
            result.warnings.append(warning)
        }
        switch mode {
        case .update:
            result.write = .golden(updatedFile())
            result.removesStalePending = true
        case .check where differs && !ciMode:
            result.write = .pending(updatedFile())
        default:
            break
        }
        return result
    }

    /// Ends the check: writes the golden or pending file the mode asks for, atomically, and says
    /// what there is to show.
    public func finish(store: GoldenStore) -> Summary {
        let result = result()
        var failures: [String] = []
        var unwritten = false
        do {
            switch result.write {
            case .golden(let file):
                try store.write(file, suite: suite, target: target)
            case .pending(let file):
                try store.writePending(file, suite: suite, target: target)
            case nil:
                break
            }
            if result.removesStalePending {
                _ = try store.removePending(suite: suite, target: target)
            }
        } catch {
            failures.append("could not write the golden file of \(suite)[\(target)], so the run fails: \(error.heading)")
            unwritten = mode == .update
        }
        return Summary(notes: result.warnings, failures: failures, obsolete: result.obsolete, updatesUnwritten: unwritten)
    }

    /// A case as it says when its update was not written: `updated` becomes `off`.
    public static func unwritten(_ item: CaseReport) -> CaseReport {
        guard item.golden == .updated else { return item }
        var item = item
        item.golden = .off
        return item
    }

    /// A case checked in `update` as it was before: an update sets only the golden fields.
    public static func unchecked(_ item: CaseReport) -> CaseReport {
        var item = item
        item.golden = .off
        item.goldenOutput = nil
        item.goldenDiff = nil
        return item
    }

    /// The file `update` writes: this run's answers, the stored entries of cases that did not
    /// answer, nothing for cases that no longer exist; in suite order, then answered cases the
    /// suite's list does not hold.
    func updatedFile() -> GoldenFile {
        var entries: [GoldenFile.Entry] = []
        var written: Set<String> = []
        for id in suiteIDs where !written.contains(id) {
            if let entry = changedEntries[id] ?? stored[id] {
                entries.append(entry)
                written.insert(id)
            }
        }
        for id in answeredOrder where !written.contains(id) {
            entries.append(changedEntries[id] ?? stored[id]!)
            written.insert(id)
        }
        return GoldenFile(suite: suite, target: target, model: model ?? golden?.model, modelVersion: GoldenChecker.servedVersions(versionCounts) ?? golden?.modelVersion, entries: entries)
    }
}
