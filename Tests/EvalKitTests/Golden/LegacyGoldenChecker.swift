import EvalKitMatchers
import EvalKitResults
import EvalKitSupport
@testable import EvalKitGolden

/// The golden check as it was before `GoldenCheck` checked one case at a time, kept unchanged so
/// the tests can hold the incremental check to the same verdicts on the same inputs.
enum LegacyGoldenChecker {
    static func check(
        cases: [CaseReport],
        hasExpect: [String: Bool],
        golden: GoldenFile?,
        allCaseIDs: [String],
        suite: String,
        target: String,
        mode: GoldenMode,
        ciMode: Bool,
        strict: Bool,
        matcherFor: (String) -> (any Matcher)?,
        acceptCommand: String,
        model: String?
    ) async -> GoldenCheckResult {
        guard mode != .off else {
            return GoldenCheckResult(cases: cases.map { item in
                var item = item
                item.golden = .off
                return item
            })
        }
        let stored = golden?.entriesByID ?? [:]
        let known = Set(allCaseIDs)
        var result = GoldenCheckResult(cases: [])
        result.obsolete = (golden?.entries ?? []).map(\.id).filter { !known.contains($0) }
        let acceptHint = ciMode
            ? "CI mode writes no golden files: rerun outside CI mode, then run `\(acceptCommand)`"
            : "run `\(acceptCommand)` to accept it"
        var differs = false
        var recorded: [String] = []

        for var item in cases {
            guard let output = GoldenChecker.answer(item) else {
                item.golden = .off
                result.cases.append(item)
                continue
            }
            let entry = stored[item.id]
            item.goldenOutput = entry?.output
            if mode == .update {
                if let entry, entry.output == output {
                    item.golden = .unchanged
                } else {
                    item.golden = .updated
                    item.goldenDiff = entry.flatMap { UnifiedDiff.render(old: $0.output, new: output) }
                }
                result.cases.append(item)
                continue
            }

            let fails: Bool
            let message: String
            if let entry {
                let matcher = entry.output == output ? nil : matcherFor(entry.output)
                if await GoldenChecker.matches(output, golden: entry.output, matcher: matcher, item: item) {
                    item.golden = .unchanged
                    result.cases.append(item)
                    continue
                }
                differs = true
                item.golden = .changed
                item.goldenDiff = UnifiedDiff.render(old: entry.output, new: output)
                let how = matcher.map { " by golden_matcher \($0.name)" } ?? ""
                message = "output differs from golden \(GoldenChecker.quote(entry.output))\(how) (got \(GoldenChecker.quote(output)))"
                fails = strict || !(hasExpect[item.id] ?? false)
                if !fails {
                    result.warnings.append("golden: \(target)/\(item.id) differs from golden \(GoldenChecker.quote(entry.output))\(how) (got \(GoldenChecker.quote(output))); only a warning, as the case has expect; \(acceptHint)")
                }
            } else {
                differs = true
                item.golden = .new
                message = "no golden entry for this case (got \(GoldenChecker.quote(output)))"
                // A missing entry fails in CI mode exactly where a difference would (SPEC §7.1).
                fails = ciMode && (strict || !(hasExpect[item.id] ?? false))
                if !fails {
                    recorded.append(item.id)
                }
            }
            if fails {
                GoldenChecker.fail(&item, message: "\(message); \(acceptHint)")
            }
            result.cases.append(item)
        }

        if let warning = Self.newEntriesWarning(recorded, suite: suite, target: target, ciMode: ciMode, acceptHint: acceptHint, cases: result.cases) {
            result.warnings.append(warning)
        }

        if let warning = versionWarning(cases: cases, golden: golden, suite: suite, target: target) {
            result.warnings.append(warning)
        }
        let updated = Self.updatedFile(cases: cases, golden: golden, allCaseIDs: allCaseIDs, suite: suite, target: target, model: model)
        switch mode {
        case .update:
            result.write = .golden(updated)
            result.removesStalePending = true
        case .check where differs && !ciMode:
            result.write = .pending(updated)
        default:
            break
        }
        return result
    }

    /// The one line that reports the new entries that did not fail their case: the case and its
    /// answer when there is one, otherwise how many there are and the first few ids.
    static func newEntriesWarning(_ ids: [String], suite: String, target: String, ciMode: Bool, acceptHint: String, cases: [CaseReport]) -> String? {
        guard let first = ids.first else { return nil }
        if ids.count == 1, let output = cases.first(where: { $0.id == first })?.output {
            return "golden: \(target)/\(first) is new (got \(GoldenChecker.quote(output))); \(acceptHint)"
        }
        let shown = ids.prefix(GoldenChecker.newEntriesNamed).map { Visible.text($0) }.joined(separator: ", ")
        let more = ids.count > GoldenChecker.newEntriesNamed ? ", …" : ""
        let verdict = ciMode ? "warnings only, as each case has expect" : "recorded in the pending file"
        return "golden: \(ids.count) new entries for \(suite)[\(target)] (\(shown)\(more)); \(verdict); \(acceptHint)"
    }

    /// How many case ids the one-line summary of new entries names.
    static let newEntriesNamed = 5

    /// The golden file `update` writes: this run's answers, the old entries of cases that did not
    /// answer, nothing for cases that no longer exist; in suite order.
    static func updatedFile(cases: [CaseReport], golden: GoldenFile?, allCaseIDs: [String], suite: String, target: String, model: String?) -> GoldenFile {
        let stored = golden?.entriesByID ?? [:]
        var answered: [String: GoldenFile.Entry] = [:]
        var answeredOrder: [String] = []
        for item in cases {
            guard let output = GoldenChecker.answer(item), answered[item.id] == nil else { continue }
            answered[item.id] = GoldenFile.Entry(id: item.id, prompt: item.prompt, output: output)
            answeredOrder.append(item.id)
        }
        var entries: [GoldenFile.Entry] = []
        var written: Set<String> = []
        for id in allCaseIDs where !written.contains(id) {
            if let entry = answered[id] ?? stored[id] {
                entries.append(entry)
                written.insert(id)
            }
        }
        // A case that answered but is missing from the suite's list still keeps its output.
        for id in answeredOrder where !written.contains(id) {
            entries.append(answered[id]!)
            written.insert(id)
        }
        return GoldenFile(suite: suite, target: target, model: model ?? golden?.model, modelVersion: servedVersions(cases) ?? golden?.modelVersion, entries: entries)
    }

    /// The model versions that served the answered cases, most cases first (ties by name),
    /// joined by `, `; nil when none named one.
    static func servedVersions(_ cases: [CaseReport]) -> String? {
        var counts: [String: Int] = [:]
        for item in cases where GoldenChecker.answer(item) != nil {
            if let version = item.modelVersion { counts[version, default: 0] += 1 }
        }
        guard !counts.isEmpty else { return nil }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key).joined(separator: ", ")
    }

    /// The warning when the golden file's outputs were served by other model versions than this
    /// run's (SPEC §10.3), so a golden difference is not taken for the tuning's doing unnoticed.
    static func versionWarning(cases: [CaseReport], golden: GoldenFile?, suite: String, target: String) -> String? {
        guard let recorded = golden?.modelVersion, let served = servedVersions(cases), recorded != served else { return nil }
        return "golden: the golden file of \(suite)[\(target)] was served by \(recorded), this run by \(served); differences may come from the model version"
    }
}
