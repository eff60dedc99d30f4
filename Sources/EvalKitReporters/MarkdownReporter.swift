import Foundation
import EvalKitSupport
import EvalKitResults

/// The GitHub-flavoured Markdown summary (`--markdown`, for `$GITHUB_STEP_SUMMARY`): the verdict,
/// the gates, per-target counts, per-tag pass rates, the failing cases and the changed cases.
public enum MarkdownReporter {
    /// Rows of the changed-cases table; the rest are counted.
    static let changedRowLimit = 100
    /// Rows of the failing-cases table; the rest are counted.
    static let failingRowLimit = 20
    /// Characters of a failure message shown in one cell.
    static let messageCellLimit = 120
    /// Characters of model text shown in one cell.
    static let outputCellLimit = 60

    public static func render(_ report: RunReport) -> String {
        var out = "## evals: \(verdict(report))\n\n"
        let suiteNames = report.suites.map { codeSpan(Visible.text($0.suite)) }.joined(separator: ", ")
        out += "Suites \(suiteNames.isEmpty ? "none" : suiteNames); evals \(cell(report.evalsVersion))"
        if let shard = report.shard { out += "; shard \(cell(shard))" }
        out += ".\n"
        if report.interrupted { out += "\n**Interrupted**: cases that had not finished were not run.\n" }

        let gates = report.suites.flatMap { suite in suite.gates.map { (suite, $0) } }
        if !gates.isEmpty {
            out += "\n### Gates\n\n| suite | gate | target | value | limit | result |\n|---|---|---|---:|---:|---|\n"
            for (suite, gate) in gates {
                let figures = gateNumbers(gate, comparison: suite.comparisons.first { $0.candidate == gate.target })
                out += "| \(cell(suite.suite)) | \(cell(gate.gate.rawValue)) | \(cell(gate.target)) | \(figures.value) | \(figures.limit) | \(gate.passed ? "PASS" : "**FAIL**") |\n"
            }
        }

        out += "\n### Targets\n\n| suite | target | passed | failed | errors | skipped | pass rate |\n|---|---|---:|---:|---:|---:|---:|\n"
        for suite in report.suites {
            for target in suite.targets {
                let counts = target.counts
                let name = cell(target.target) + (target.judged ? "" : " (baseline)")
                let rate = TextReporter.truncatedPercent(passed: counts.passed, of: counts.passed + counts.failed)
                out += "| \(cell(suite.suite)) | \(name) | \(counts.passed) | \(counts.failed) | \(counts.error) | \(counts.skipped) | \(rate) |\n"
            }
        }
        out += tokensAndCost(report)

        out += comparisons(report)
        out += repeats(report)

        var tagRows: [String] = []
        for suite in report.suites {
            for target in suite.targets {
                for tag in target.tags.keys.sorted() {
                    let stats = target.tags[tag]!
                    let name = cell(target.target) + (target.judged ? "" : " (baseline)")
                    tagRows.append("| \(cell(suite.suite)) | \(name) | \(cell(tag)) | \(stats.passed) | \(stats.failed) | \(TextReporter.percent(stats.passRate)) |\n")
                }
            }
        }
        if !tagRows.isEmpty {
            out += "\n### Pass rates per tag\n\n| suite | target | tag | passed | failed | pass rate |\n|---|---|---|---:|---:|---:|\n"
            out += tagRows.joined()
        }

        out += failingCases(report)

        let (changes, unlisted) = changedCases(report)
        if report.suites.contains(where: { !$0.comparisons.isEmpty }) {
            out += "\n### Changed cases\n\n"
            if changes.isEmpty && unlisted == 0 {
                out += "No case changed.\n"
            } else {
                out += "| change | suite | case | baseline → candidate | before | after |\n|---|---|---|---|---|---|\n"
                for change in changes.prefix(changedRowLimit) {
                    let label = change.kind == "regressed" ? "**regressed**" : change.kind
                    out += "| \(label) | \(cell(change.suite)) | \(cell(change.id)) | \(cell(change.baseline)) → \(cell(change.candidate)) | \(output(change.before)) | \(output(change.after)) |\n"
                }
                if changes.count + unlisted > changedRowLimit {
                    out += "\n… and \(changes.count + unlisted - changedRowLimit) more changed cases (see the text report).\n"
                }
            }
        }
        return out
    }

    /// `PASS`, `FAIL` (a gate other than `max_error_rate` failed), `ERROR` (only too many errors)
    /// or `INTERRUPTED`.
    static func verdict(_ report: RunReport) -> String {
        let failed = report.suites.flatMap(\.gates).filter { !$0.passed }
        if report.interrupted { return "INTERRUPTED" }
        if failed.contains(where: { $0.gate != .maxErrorRate }) { return "FAIL" }
        if !failed.isEmpty { return "ERROR (more errors than max_error_rate allows; rerun)" }
        return "PASS"
    }

    /// Each target's tokens and, when a target has a price, its cost, with a line per target
    /// whose cost is partly unknown.
    private static func tokensAndCost(_ report: RunReport) -> String {
        let priced = report.suites.contains { $0.targets.contains { $0.cost != nil } }
        var out = "\n### Tokens\(priced ? " and cost" : "")\n\n| suite | target | prompt tokens | completion tokens |\(priced ? " cost |" : "")\n|---|---|---:|---:|\(priced ? "---:|" : "")\n"
        var notes: [String] = []
        for suite in report.suites {
            for target in suite.targets {
                let name = cell(target.target) + (target.judged ? "" : " (baseline)")
                out += "| \(cell(suite.suite)) | \(name) | \(target.usage.promptTokens) | \(target.usage.completionTokens) |"
                out += priced ? " \(cell(target.cost?.text ?? "no price")) |\n" : "\n"
                if let note = target.cost?.unknownNote { notes.append("- \(name): \(cell(note)).\n") }
            }
        }
        return notes.isEmpty ? out : out + "\n" + notes.joined()
    }

    /// Each comparison's pass rates, paired difference and McNemar p-value, then what the suite
    /// can detect, in a sentence per comparison (SPEC §15); empty without comparisons.
    private static func comparisons(_ report: RunReport) -> String {
        var rows: [String] = []
        var sentences: [String] = []
        for suite in report.suites {
            for comparison in suite.comparisons {
                let names = "\(cell(comparison.baseline)) → \(cell(comparison.candidate))"
                let difference = comparison.pairedDifference
                var differenceText = difference.mean.map { StatisticsWording.points($0, signed: true) } ?? "n/a"
                if let low = difference.low, let high = difference.high {
                    differenceText += " (\(StatisticsWording.points(low, signed: true)) to \(StatisticsWording.points(high, signed: true)))"
                }
                let p = comparison.mcnemarP.map { $0 < 0.001 ? "< 0.001" : String(format: "%.3f", $0) } ?? "n/a"
                let mde = comparison.mde.map { StatisticsWording.points($0) } ?? "n/a"
                rows.append("| \(cell(suite.suite)) | \(names) | \(rate(comparison.baselinePassRate)) | \(rate(comparison.candidatePassRate)) | \(differenceText) | \(comparison.fixed) | \(comparison.regressed) | \(p) | \(mde) |\n")
                if let power = StatisticsWording.power(comparison) {
                    sentences.append("- \(names): \(power).\n")
                }
            }
        }
        guard !rows.isEmpty else { return "" }
        var out = "\n### Comparison\n\n| suite | baseline → candidate | baseline pass rate | candidate pass rate | difference, points (95% CI) | fixed | regressed | McNemar p | mde, points |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
        out += rows.joined()
        if !sentences.isEmpty { out += "\n" + sentences.joined() }
        return out
    }

    /// A pass rate with its Wilson interval: `83.2% (75.0–89.1%)`.
    private static func rate(_ interval: RateInterval) -> String {
        var text = TextReporter.percent(interval.rate)
        if let low = interval.low, let high = interval.high {
            text += String(format: " (%.1f–%.1f%%)", low * 100, high * 100)
        }
        return text
    }

    /// pass@k and pass^k of the targets whose cases ran more than once; empty without.
    private static func repeats(_ report: RunReport) -> String {
        var rows: [String] = []
        var most = 0
        for suite in report.suites {
            for target in suite.targets {
                guard let figures = target.repeats, let k = figures.cases.keys.compactMap({ Int($0) }).max(), k > 1 else { continue }
                most = max(most, k)
                let name = cell(target.target) + (target.judged ? "" : " (baseline)")
                let at1 = TextReporter.percent(figures.passAtK["1"] ?? nil)
                let atK = TextReporter.percent(figures.passAtK[String(k)] ?? nil)
                let allK = TextReporter.percent(figures.passAllK[String(k)] ?? nil)
                rows.append("| \(cell(suite.suite)) | \(name) | \(k) | \(at1) | \(atK) | \(allK) |\n")
            }
        }
        guard !rows.isEmpty else { return "" }
        var out = "\n### Repeats\n\n| suite | target | k | pass@1 | pass@k | pass^k |\n|---|---|---:|---:|---:|---:|\n"
        out += rows.joined()
        out += "\n" + cell(StatisticsWording.repeatsExplained(k: most)) + ".\n"
        return out
    }

    /// The failed and errored cases of the judged targets, as the text report lists them, the
    /// first `failingRowLimit` in a table and the rest counted; empty when every case passed.
    private static func failingCases(_ report: RunReport) -> String {
        var rows: [String] = []
        for suite in report.suites {
            for target in suite.targets where target.judged {
                for item in target.cases where item.outcome == .failed || item.outcome == .error {
                    var message = item.messages.first ?? (item.outcome == .failed ? "failed" : "error")
                    if message.count > messageCellLimit { message = message.prefix(messageCellLimit) + "…" }
                    if item.outcome == .failed, let type = item.failureType { message += " [\(type)]" }
                    let outcome = item.outcome == .failed ? "**FAIL**" : "**ERROR**"
                    rows.append("| \(outcome) | \(cell(suite.suite)) | \(cell(target.target)) | \(cell(item.id)) | \(cell(message)) |\n")
                }
            }
        }
        guard !rows.isEmpty else { return "" }
        var out = "\n### Failing cases\n\n| result | suite | target | case | message |\n|---|---|---|---|---|\n"
        out += rows.prefix(failingRowLimit).joined()
        if rows.count > failingRowLimit {
            out += "\n… and \(rows.count - failingRowLimit) more failing cases (see the text report).\n"
        }
        return out
    }

    private struct Change {
        var kind: String
        var suite: String
        var id: String
        var baseline: String
        var candidate: String
        var before: String?
        var after: String?
    }

    /// Every changed case over all comparisons: regressions first, then fixes, then outputs
    /// that changed; and how many a spooled run did not keep (SPEC §11).
    private static func changedCases(_ report: RunReport) -> (listed: [Change], unlisted: Int) {
        var regressed: [Change] = [], fixed: [Change] = [], changed: [Change] = []
        var unlisted = 0
        for suite in report.suites {
            for comparison in suite.comparisons {
                guard let candidate = suite.targets.first(where: { $0.target == comparison.candidate }) else { continue }
                let baseline = suite.targets.first { $0.target == comparison.baseline }
                let changes = candidate.spool?.changes ?? ChangedCases(candidate: candidate.cases, baseline: baseline?.cases ?? [])
                func listed(_ entries: [ChangedCases.Entry], _ kind: String) -> [Change] {
                    entries.map { Change(kind: kind, suite: suite.suite, id: $0.id, baseline: comparison.baseline, candidate: comparison.candidate, before: $0.before, after: $0.after) }
                }
                regressed += listed(changes.regressed, "regressed")
                fixed += listed(changes.fixed, "fixed")
                changed += listed(changes.changed, "output changed")
                unlisted += changes.unlisted
            }
        }
        return (regressed + fixed + changed, unlisted)
    }

    private static func gateNumbers(_ gate: GateResult, comparison: ComparisonReport?) -> (value: String, limit: String) {
        if TextReporter.judgedByCounts(gate, comparison: comparison), let comparison {
            return ("not worse (regressed \(comparison.regressed) <= fixed \(comparison.fixed))", String(format: "%.3f", gate.limit))
        }
        func format(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "n/a" }
            switch gate.gate {
            case .maxRegressions: return String(Int(value.rounded()))
            case .maxCost: return cell(Cost.format(value))
            default: return String(format: "%.3f", value)
            }
        }
        return (format(gate.value), format(gate.limit))
    }

    /// Model output for a table cell: made visible and cut, inside a code span.
    private static func output(_ text: String?) -> String {
        guard let text else { return "*(no answer)*" }
        if text.isEmpty { return "*(empty)*" }
        return codeSpan(Visible.text(text, limit: outputCellLimit))
    }

    /// Text for a table cell outside a code span: control characters visible, Markdown and HTML
    /// characters escaped so nothing formats, links or breaks the table. Escaping works on scalars,
    /// so a `|` followed by a combining mark is escaped too.
    static func cell(_ text: String) -> String {
        var out = ""
        for scalar in Visible.text(text).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Visible text as a code span for a table cell: the fence is one backtick longer than any
    /// run of backticks inside, and `|`, which GitHub splits cells at even inside code, is escaped.
    static func codeSpan(_ visible: String) -> String {
        var longest = 0, run = 0
        var body = ""
        for scalar in visible.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
            if scalar == "|" { body += "\\" }
            body.unicodeScalars.append(scalar)
        }
        let fence = String(repeating: "`", count: longest + 1)
        // CommonMark strips one space at each end when both are there; pad only when the body
        // would otherwise merge with the fence or lose its own spaces.
        let first = body.unicodeScalars.first, last = body.unicodeScalars.last
        let pad = first == "`" || last == "`" || (first == " " && last == " ") ? " " : ""
        return fence + pad + body + pad + fence
    }
}
