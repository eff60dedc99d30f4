import Foundation
import EvalKitMatchers
import EvalKitSupport
import EvalKitResults

/// The golden check of one target's cases (SPEC §7.1): a pure function from the run's cases and
/// the stored golden file to updated cases, messages and the file to write, made of a
/// `GoldenCheck` that checks them one at a time.
public enum GoldenChecker {
    /// Compares, or records, the outputs of one suite on one target.
    ///
    /// - Parameters:
    ///   - cases: the target's case reports, in suite order; `output` is sample 1's.
    ///   - hasExpect: by case id, whether the case has `expect` of its own or from `defaults`; a
    ///     case missing from it counts as golden-only, so its differences fail it.
    ///   - golden: the stored golden file, nil when there is none.
    ///   - allCaseIDs: every case of the suite in order, selected or not: the order of the file
    ///     written, and what makes an entry obsolete.
    ///   - matcherFor: the `golden_matcher` built for a golden output; nil compares the outputs
    ///     exactly after trimming surrounding whitespace.
    ///   - acceptCommand: the command that accepts a pending file, named in every message, e.g.
    ///     `evals accept suites/next-number.yaml-lite --target tuned`.
    ///   - model: the target's model, recorded in the file written.
    public static func check(
        cases: [CaseReport],
        hasExpect: [String: Bool],
        golden: GoldenFile?,
        allCaseIDs: [String],
        suite: String,
        target: String,
        mode: GoldenMode,
        ciMode: Bool,
        strict: Bool,
        matcherFor: @escaping (String) -> (any Matcher)?,
        acceptCommand: String,
        model: String?
    ) async -> GoldenCheckResult {
        let check = GoldenCheck(
            golden: golden, suite: suite, target: target, mode: mode, ciMode: ciMode, strict: strict,
            matcherFor: matcherFor, acceptCommand: acceptCommand, model: model)
        for id in allCaseIDs { check.noteSuiteCase(id: id) }
        var checked: [CaseReport] = []
        checked.reserveCapacity(cases.count)
        for item in cases {
            checked.append(await check.check(item, hasExpect: hasExpect[item.id] ?? false))
        }
        var result = check.result()
        result.cases = checked
        return result
    }

    /// The one line that reports the new entries that did not fail their case: the case and its
    /// answer when there is one, otherwise how many there are and the first few ids.
    static func newEntriesWarning(_ ids: [String], suite: String, target: String, ciMode: Bool, acceptHint: String, firstOutput: String?) -> String? {
        guard let first = ids.first else { return nil }
        if ids.count == 1, let output = firstOutput {
            return "golden: \(target)/\(first) is new (got \(quote(output))); \(acceptHint)"
        }
        let shown = ids.prefix(newEntriesNamed).map { Visible.text($0) }.joined(separator: ", ")
        let more = ids.count > newEntriesNamed ? ", …" : ""
        let verdict = ciMode ? "warnings only, as each case has expect" : "recorded in the pending file"
        return "golden: \(ids.count) new entries for \(suite)[\(target)] (\(shown)\(more)); \(verdict); \(acceptHint)"
    }

    /// How many case ids the one-line summary of new entries names.
    static let newEntriesNamed = 5

    /// The golden file `update` writes: this run's answers, the old entries of cases that did not
    /// answer, nothing for cases that no longer exist; in suite order.
    public static func updatedFile(cases: [CaseReport], golden: GoldenFile?, allCaseIDs: [String], suite: String, target: String, model: String?) -> GoldenFile {
        let check = GoldenCheck(
            golden: golden, suite: suite, target: target, mode: .update, ciMode: false, strict: false,
            matcherFor: { _ in nil }, acceptCommand: "", model: model)
        for id in allCaseIDs { check.noteSuiteCase(id: id) }
        for item in cases { check.record(item) }
        return check.updatedFile()
    }

    /// The model versions that served the answered cases, most cases first (ties by name),
    /// joined by `, `; nil when none named one.
    static func servedVersions(_ cases: [CaseReport]) -> String? {
        var counts: [String: Int] = [:]
        for item in cases where answer(item) != nil {
            if let version = item.modelVersion { counts[version, default: 0] += 1 }
        }
        return servedVersions(counts)
    }

    /// The model versions of `counts` (cases served by each), most cases first (ties by name).
    static func servedVersions(_ counts: [String: Int]) -> String? {
        guard !counts.isEmpty else { return nil }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key).joined(separator: ", ")
    }

    /// The warning when the golden file's outputs were served by other model versions than this
    /// run's (SPEC §10.3), so a golden difference is not taken for the tuning's doing unnoticed.
    static func versionWarning(cases: [CaseReport], golden: GoldenFile?, suite: String, target: String) -> String? {
        versionWarning(served: servedVersions(cases), golden: golden, suite: suite, target: target)
    }

    static func versionWarning(served: String?, golden: GoldenFile?, suite: String, target: String) -> String? {
        guard let recorded = golden?.modelVersion, let served, recorded != served else { return nil }
        return "golden: the golden file of \(suite)[\(target)] was served by \(recorded), this run by \(served); differences may come from the model version"
    }

    /// Sample 1's output of a case that was answered and judged; nil for errors and skipped cases.
    static func answer(_ item: CaseReport) -> String? {
        guard item.outcome == .passed || item.outcome == .failed else { return nil }
        return item.output
    }

    static func matches(_ output: String, golden: String, matcher: (any Matcher)?, item: CaseReport) async -> Bool {
        if output == golden { return true }
        guard let matcher else {
            return output.trimmingCharacters(in: .whitespacesAndNewlines) == golden.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let result = await matcher.evaluate(output, in: MatchContext(prompt: item.prompt, caseID: item.id))
        return result.passed
    }

    /// Fails a case for a golden difference; a case a matcher already failed keeps that failure
    /// first and gains the golden message after it.
    static func fail(_ item: inout CaseReport, message: String) {
        if item.outcome == .failed {
            item.messages.append(message)
            return
        }
        item.outcome = .failed
        item.failureType = .golden
        item.messages.insert(message, at: 0)
        item.details = item.goldenDiff
    }

    static func quote(_ text: String) -> String {
        Visible.quoted(text, limit: 80)
    }
}
