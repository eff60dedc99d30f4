import Foundation
import EvalKitSupport
import EvalKitResults
import EvalKitCompare

/// The human-readable report (SPEC §9) shown on stdout and written to `report.txt`: per suite the
/// failing cases, golden differences, comparison, tag pass rates and latency; then the gates; and
/// last one closing line per judged target.
public struct TextReporter: Sendable {
    /// ANSI colour; when false the output holds no ESC byte at all.
    public var color: Bool
    /// Also list passing and skipped cases, and show every changed case of a comparison.
    public var verbose: Bool
    /// CI mode: no `.new` golden file was written, so the accept hint says to run locally first.
    public var ciMode: Bool
    /// How the caller's users list what the report cuts short, such as `--verbose shows all`;
    /// nil says only how much was left out.
    public var showAllHint: String?
    /// The command that accepts a target's pending golden file, from the suite file's path and the
    /// target's name; nil leaves out the hint.
    public var acceptCommand: (@Sendable (_ suiteFile: String, _ target: String) -> String)?

    public init(
        color: Bool, verbose: Bool = false, ciMode: Bool = false, showAllHint: String? = nil,
        acceptCommand: (@Sendable (_ suiteFile: String, _ target: String) -> String)? = nil
    ) {
        self.color = color
        self.verbose = verbose
        self.ciMode = ciMode
        self.showAllHint = showAllHint
        self.acceptCommand = acceptCommand
    }

    /// Rows of the comparison table shown without `verbose`.
    static let comparisonRowLimit = 30
    /// Characters of model text shown in one comparison cell.
    static let outputCellLimit = 40
    /// Lines of one case's details or diff shown without `verbose`.
    static let detailLineLimit = 40

    public func render(_ report: RunReport) -> String {
        var sections: [String] = []
        if report.interrupted {
            sections.append(paint("interrupted: the run was stopped before every case finished", .yellow))
        }
        for suite in report.suites {
            sections.append(contentsOf: suiteSections(suite))
        }
        let gates = gateSection(report)
        if !gates.isEmpty { sections.append(gates) }
        sections.append(closingLines(report))
        return sections.joined(separator: "\n\n") + "\n"
    }

    // MARK: Sections

    private func suiteSections(_ suite: SuiteReport) -> [String] {
        var sections = [header(suite)]
        let cases = caseLines(suite)
        if !cases.isEmpty { sections.append(cases) }
        let golden = goldenSection(suite)
        if !golden.isEmpty { sections.append(golden) }
        for comparison in suite.comparisons {
            sections.append(comparisonSection(comparison, in: suite))
        }
        let tags = tagSection(suite)
        if !tags.isEmpty { sections.append(tags) }
        let repeats = repeatSection(suite)
        if !repeats.isEmpty { sections.append(repeats) }
        sections.append(latencySection(suite))
        return sections
    }

    private func header(_ suite: SuiteReport) -> String {
        var lines = [paint("suite \(safe(suite.suite)) (\(safe(suite.file)))", .bold)]
        if let description = suite.description, !description.isEmpty {
            lines.append("  " + safe(description))
        }
        if suite.deselected > 0 {
            let selected = suite.targets.first?.caseCount ?? 0
            lines.append("  selected \(selected) of \(selected + suite.deselected) cases (\(suite.deselected) deselected)")
        }
        for target in suite.targets {
            var line = "  target \(safe(target.target)) (\(safe(target.provider)) \(safe(target.model ?? "-")))"
            if !target.judged { line += " [baseline]" }
            lines.append(line)
            if let served = target.servedByLine { lines.append("    served by \(safe(served))") }
        }
        return lines.joined(separator: "\n")
    }

    /// One line per non-passing judged case, with its details indented under it.
    private func caseLines(_ suite: SuiteReport) -> String {
        var lines: [String] = []
        for target in suite.targets where target.judged {
            var interrupted = 0
            var overCostLimit = 0
            for item in target.cases {
                let name = "\(safe(target.target)) \(safe(item.id))"
                switch item.outcome {
                case .failed:
                    var line = paint("FAIL", .red) + " \(name): \(safe(item.messages.first ?? "failed"))"
                    if let type = item.failureType { line += " [\(safe(type.rawValue))]" }
                    line += flags(item)
                    lines.append(line)
                    lines += detailLines(item, showGoldenDiff: false)
                case .error:
                    var line = paint("ERROR", .red) + " \(name): \(safe(item.messages.first ?? "error"))"
                    line += flags(item)
                    lines.append(line)
                    lines += detailLines(item, showGoldenDiff: false)
                case .skipped:
                    if item.reason == .interrupted { interrupted += 1 }
                    if item.reason == .costLimit { overCostLimit += 1 }
                    if verbose {
                        lines.append(paint("SKIP", .yellow) + " \(name): \(item.reason?.rawValue ?? "skipped")")
                    }
                case .passed:
                    if item.flaky {
                        lines.append(paint("FLAKY", .yellow) + " \(name): passed, \(item.passes)/\(item.samples) samples passed")
                        lines += item.sampleResults.enumerated().compactMap { index, sample in
                            guard sample.outcome != .passed else { return nil }
                            let message = sample.message.map { ": " + safe($0) } ?? ""
                            return paint("    sample \(index + 1) \(sample.outcome.rawValue)\(message)", .dim)
                        }
                    } else if item.truncated {
                        lines.append(paint("TRUNCATED", .yellow) + " \(name): passed, but the answer was cut by the token limit" + (item.finishReason.map { " (\(safe($0)))" } ?? ""))
                    } else if verbose {
                        let latency = item.latencyMs.map { " (\(milliseconds($0)))" } ?? ""
                        lines.append(paint("PASS", .green) + " \(name)\(latency)")
                    }
                }
            }
            if let spool = target.spool {
                interrupted = spool.interrupted
                overCostLimit = spool.costLimited
                if spool.omitted > 0 {
                    lines.append("\(safe(target.target)): \(spool.omitted) more case\(spool.omitted == 1 ? "" : "s") not listed here (see junit.xml or results.json)")
                }
            }
            if interrupted > 0 {
                lines.append(paint("\(safe(target.target)): \(interrupted) case\(interrupted == 1 ? "" : "s") not run (interrupted)", .yellow))
            }
            if overCostLimit > 0 {
                lines.append(paint("\(safe(target.target)): \(overCostLimit) case\(overCostLimit == 1 ? "" : "s") not sent (cost_limit: the run's spend had reached its limit)", .yellow))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func flags(_ item: CaseReport) -> String {
        var out = ""
        if item.truncated { out += " " + paint("[truncated]", .yellow) }
        if item.flaky { out += " " + paint("[flaky: \(item.passes)/\(item.samples) samples passed]", .yellow) }
        return out
    }

    private func detailLines(_ item: CaseReport, showGoldenDiff: Bool) -> [String] {
        var lines: [String] = []
        for message in item.messages.dropFirst() {
            lines += indented(message, by: 4)
        }
        if let details = item.details, !details.isEmpty {
            lines += indented(details, by: 4)
        }
        if verbose {
            lines += indented("prompt: " + Visible.quoted(item.prompt), by: 4)
            lines += indented("output: " + (item.output.map { Visible.quoted($0) } ?? "(no answer)"), by: 4)
        }
        return lines.map { paint($0, .dim) }
    }

    /// Golden differences with their diffs, new entries, the command that accepts them, and
    /// obsolete entries.
    private func goldenSection(_ suite: SuiteReport) -> String {
        var lines: [String] = []
        for target in suite.targets where target.judged {
            let golden = target.spool?.golden ?? GoldenTally(target.cases)
            // New entries that do not fail their case are many on a first run: one line says so.
            let recorded = golden.recorded
            var pending = recorded > 0
            if recorded > 1 {
                let shown = golden.recordedIDs.map(safe).joined(separator: ", ") + (recorded > GoldenTally.recordedIDLimit ? ", …" : "")
                lines.append("  " + paint("NEW", .yellow) + " \(safe(target.target)): \(recorded) new entries (\(shown))")
            }
            for item in golden.listed {
                let name = "\(safe(target.target)) \(safe(item.id))"
                let fails = GoldenTally.failsForGolden(item)
                if item.golden == .changed {
                    pending = true
                    let verdict = fails ? paint("fails the case", .red) : paint("warning", .yellow)
                    lines.append("  " + paint("CHANGED", .yellow) + " \(name) (\(verdict))")
                    if let diff = item.goldenDiff, !diff.isEmpty {
                        lines += indented(diff, by: 6).map { paint($0, .dim) }
                    }
                } else {
                    if !fails && recorded > 1 { continue }
                    pending = true
                    let output = item.output.map { Visible.quoted($0, limit: 80) } ?? "(no answer)"
                    lines.append("  " + paint("NEW", .yellow) + " \(name): \(output)" + (fails ? " (" + paint("fails the case in CI mode", .red) + ")" : ""))
                }
            }
            if golden.unlisted > 0 {
                lines.append("  \(safe(target.target)): \(golden.unlisted) more golden difference\(golden.unlisted == 1 ? "" : "s") not listed here (see results.json)")
            }
            let updated = golden.updated
            if updated > 0 {
                lines.append("  UPDATED \(safe(target.target)): \(updated) golden entr\(updated == 1 ? "y" : "ies") written")
            }
            if pending, let acceptCommand {
                // A compared run labels its targets `NAME@old` / `NAME@new`; `accept` wants the suite's NAME.
                let name = target.target.split(separator: "@", maxSplits: 1).first.map(String.init) ?? target.target
                let command = acceptCommand(safe(suite.file), safe(name))
                if ciMode {
                    lines.append("  to accept: run without CI mode, review the diff, then `\(command)`")
                } else {
                    lines.append("  to accept: `\(command)`")
                }
            }
        }
        for target in suite.obsoleteGolden.keys.sorted() {
            guard let ids = suite.obsoleteGolden[target], !ids.isEmpty else { continue }
            lines.append("  OBSOLETE \(safe(target)): \(ids.map(safe).joined(separator: ", ")) (no such case; dropped by the next update)")
        }
        guard !lines.isEmpty else { return "" }
        return (["golden:"] + lines).joined(separator: "\n")
    }

    /// The changed cases of one comparison, regressions first, then both sides' pass rates and
    /// the McNemar test.
    private func comparisonSection(_ comparison: ComparisonReport, in suite: SuiteReport) -> String {
        let candidate = suite.targets.first { $0.target == comparison.candidate }
        let baseline = suite.targets.first { $0.target == comparison.baseline }
        let changes = candidate?.spool?.changes ?? ChangedCases(candidate: candidate?.cases ?? [], baseline: baseline?.cases ?? [])
        var rows: [(label: String, tone: Tone, entry: ChangedCases.Entry)] = []
        rows += changes.regressed.map { ("REGRESSED", .red, $0) }
        rows += changes.fixed.map { ("FIXED", .green, $0) }
        rows += changes.changed.map { ("CHANGED", .yellow, $0) }

        var lines = ["comparison \(safe(comparison.baseline)) → \(safe(comparison.candidate)):"]
        if let warning = comparison.versionWarning { lines.append("  " + paint("warning: \(safe(warning))", .yellow)) }
        let shown = verbose ? rows : Array(rows.prefix(Self.comparisonRowLimit))
        let idWidth = min(shown.map { safe($0.entry.id).count }.max() ?? 0, 40)
        for row in shown {
            let before = row.entry.before.map { Visible.quoted($0, limit: Self.outputCellLimit) } ?? "(no answer)"
            let after = row.entry.after.map { Visible.quoted($0, limit: Self.outputCellLimit) } ?? "(no answer)"
            lines.append("  " + paint(pad(row.label, 9), row.tone) + "  " + pad(safe(row.entry.id), idWidth) + "  \(before) → \(after)")
        }
        if shown.count < changes.count {
            // A spooled run keeps only so many of them: those it did not keep are in results.json.
            let hint = shown.count < rows.count ? showAllHint : "see results.json"
            lines.append("  … \(changes.count - shown.count) more changed cases" + (hint.map { " (\($0))" } ?? ""))
        }
        if changes.count == 0 { lines.append("  no case changed") }
        let width = max(safe(comparison.baseline).count, safe(comparison.candidate).count)
        lines.append("  " + pad(safe(comparison.baseline), width) + "  pass rate " + interval(comparison.baselinePassRate))
        lines.append("  " + pad(safe(comparison.candidate), width) + "  pass rate " + interval(comparison.candidatePassRate))
        let p = comparison.mcnemarP.map { $0 < 0.001 ? "< 0.001" : "= " + String(format: "%.3f", $0) } ?? "n/a"
        lines.append("  fixed \(comparison.fixed), regressed \(comparison.regressed), still passing \(comparison.stillPassing), still failing \(comparison.stillFailing), incomparable \(comparison.incomparable), outputs changed \(comparison.changedOutputs); McNemar p \(p)")
        lines.append("  " + StatisticsWording.difference(comparison, baseline: safe(comparison.baseline), candidate: safe(comparison.candidate)))
        if let power = StatisticsWording.power(comparison) { lines.append("  " + power) }
        return lines.joined(separator: "\n")
    }

    private func interval(_ rate: RateInterval) -> String {
        var text = Self.percent(rate.rate)
        if let low = rate.low, let high = rate.high {
            text += String(format: " (95%% CI %.1f–%.1f%%)", low * 100, high * 100)
        }
        return text
    }

    /// Pass rates per tag: one row per tag, one column per target.
    private func tagSection(_ suite: SuiteReport) -> String {
        let tags = Set(suite.targets.flatMap { $0.tags.keys }).sorted()
        guard !tags.isEmpty else { return "" }
        let headers = suite.targets.map { safe($0.target) + ($0.judged ? "" : " (baseline)") }
        var table: [[String]] = [["tag"] + headers]
        for tag in tags {
            var row = [safe(tag)]
            for target in suite.targets {
                if let stats = target.tags[tag] {
                    row.append("\(stats.passed)/\(stats.passed + stats.failed) \(Self.percent(stats.passRate))")
                } else {
                    row.append("-")
                }
            }
            table.append(row)
        }
        return (["pass rates per tag:"] + columns(table).map { "  " + $0 }).joined(separator: "\n")
    }

    /// pass@k and pass^k of the targets whose cases ran more than once (SPEC §15).
    private func repeatSection(_ suite: SuiteReport) -> String {
        var lines: [String] = []
        var most = 0
        let width = suite.targets.map { safe($0.target).count }.max() ?? 0
        for target in suite.targets {
            guard let figures = target.repeats, let text = StatisticsWording.repeats(figures) else { continue }
            most = max(most, figures.cases.keys.compactMap { Int($0) }.max() ?? 0)
            lines.append("  " + pad(safe(target.target), width) + "  " + text + (target.judged ? "" : " (baseline)"))
        }
        guard !lines.isEmpty else { return "" }
        return (["repeats:"] + lines + ["  " + StatisticsWording.repeatsExplained(k: most)]).joined(separator: "\n")
    }

    /// Latency percentiles, token totals and, when a target has a price, cost per target, the baseline's included.
    private func latencySection(_ suite: SuiteReport) -> String {
        let priced = suite.targets.filter { $0.cost != nil }
        var table: [[String]] = [["target", "p50", "p95", "prompt tokens", "completion tokens"] + (priced.isEmpty ? [] : ["cost"])]
        for target in suite.targets {
            table.append([
                safe(target.target) + (target.judged ? "" : " (baseline)"),
                target.latencyMs.p50.map(milliseconds) ?? "n/a",
                target.latencyMs.p95.map(milliseconds) ?? "n/a",
                String(target.usage.promptTokens),
                String(target.usage.completionTokens),
            ] + (priced.isEmpty ? [] : [target.cost?.text ?? "no price"]))
        }
        var notes = suite.targets.compactMap { target in
            target.cache.map { cache in
                "  cache \(safe(target.target)): \(cache.hits) \(cache.hits == 1 ? "hit" : "hits"), \(cache.misses) \(cache.misses == 1 ? "miss" : "misses")"
                    + (target.cost != nil && cache.hits > 0 ? " (answers from the cache cost nothing in this run)" : "")
            }
        }
        notes += priced.compactMap { target in target.cost?.unknownNote.map { "  cost \(safe(target.target)): \($0)" } }
        if priced.count > 1, let total = Cost.total(priced.map(\.cost)) {
            notes.append("  cost of all targets: \(total.text)")
        }
        return (["latency and tokens:"] + columns(table).map { "  " + $0 } + notes).joined(separator: "\n")
    }

    /// Every gate of every suite: `GATE min_pass_rate[tuned] 0.933 >= 1.000 FAIL`.
    private func gateSection(_ report: RunReport) -> String {
        var lines: [String] = []
        let several = report.suites.count > 1
        for suite in report.suites {
            for gate in suite.gates {
                let comparison = suite.comparisons.first { $0.candidate == gate.target }
                var line = "GATE \(safe(gate.gate.rawValue))[\(safe(gate.target))] \(safe(Self.gateFigures(gate, comparison: comparison))) " + (gate.passed ? paint("PASS", .green) : paint("FAIL", .red))
                if gate.value == nil && !Self.judgedByCounts(gate, comparison: comparison) { line += " (nothing to measure)" }
                if gate.gate == .maxCost, let note = Self.costGateNote(suite) { line += " (\(note))" }
                if several { line += " (\(safe(suite.suite)))" }
                lines.append(line)
            }
        }
        guard !lines.isEmpty else { return "" }
        return (["gates:"] + lines.map { "  " + $0 }).joined(separator: "\n")
    }

    /// The figure, the requirement and the limit of a gate, e.g. `0.933 >= 1.000`.
    ///
    /// `significant_regression` says what decided it: with no more regressions than fixes the
    /// candidate is not worse, whatever the p-value (`not worse than base (regressed 0 <= fixed
    /// 12)`); otherwise the p-value against the limit, with the counts that made it matter.
    public static func gateFigures(_ gate: GateResult, comparison: ComparisonReport? = nil) -> String {
        if gate.gate == .significantRegression, let comparison {
            let counts = "regressed \(comparison.regressed) \(comparison.regressed > comparison.fixed ? ">" : "<=") fixed \(comparison.fixed)"
            if judgedByCounts(gate, comparison: comparison) {
                return "not worse than \(comparison.baseline) (\(counts))"
            }
            return "p \(number(gate.value)) >= \(number(gate.limit)) (\(counts))"
        }
        switch gate.gate {
        case .maxRegressions:
            return "\(gate.value.map { String(Int($0.rounded())) } ?? "n/a") <= \(Int(gate.limit.rounded()))"
        case .minPassRate:
            return "\(number(gate.value)) >= \(number(gate.limit))"
        case .maxErrorRate:
            return "\(number(gate.value)) <= \(number(gate.limit))"
        case .maxCost:
            return "\(gate.value.map(Cost.format) ?? "n/a") < \(Cost.format(gate.limit))"
        case .significantRegression:
            return "p \(number(gate.value)) >= \(number(gate.limit)) or no more regressions than fixes"
        }
    }

    /// What a `max_cost` gate's figure leaves out: the cases not sent for it and the answers
    /// whose cost is unknown (`3 cases not sent; 2 answers without token counts not counted`); nil when nothing.
    static func costGateNote(_ suite: SuiteReport) -> String? {
        var parts: [String] = []
        let skipped = GateEvaluator.costLimitedCases(suite)
        if skipped > 0 { parts.append("\(skipped) case\(skipped == 1 ? "" : "s") not sent") }
        let unknown = GateEvaluator.runTargets(suite).reduce(0) { $0 + ($1.cost?.unknownRequests ?? 0) }
        if unknown > 0 { parts.append("\(unknown) answer\(unknown == 1 ? "" : "s") without token counts not counted") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The closing lines, last: per judged target over every suite,
    /// `TARGET: N passed, N failed, N errors, N skipped (pass rate X%)`.
    private func closingLines(_ report: RunReport) -> String {
        var order: [String] = []
        var totals: [String: OutcomeCounts] = [:]
        for suite in report.suites {
            for target in suite.targets where target.judged {
                if totals[target.target] == nil { order.append(target.target) }
                var counts = totals[target.target] ?? OutcomeCounts()
                counts.passed += target.counts.passed
                counts.failed += target.counts.failed
                counts.error += target.counts.error
                counts.skipped += target.counts.skipped
                totals[target.target] = counts
            }
        }
        if order.isEmpty { return "no judged target" }
        return order.map { name in
            let line = Self.closingLine(target: safe(name), counts: totals[name]!)
            let counts = totals[name]!
            return paint(line, counts.failed > 0 ? .red : counts.error > 0 ? .yellow : .green)
        }.joined(separator: "\n")
    }

    /// `TARGET: N passed, N failed, N errors, N skipped (pass rate X%)`, X truncated to one
    /// decimal, `n/a` when nothing was answered.
    public static func closingLine(target: String, counts: OutcomeCounts) -> String {
        let rate = counts.passed + counts.failed == 0 ? "n/a" : truncatedPercent(passed: counts.passed, of: counts.passed + counts.failed)
        return "\(target): \(counts.passed) passed, \(counts.failed) failed, \(counts.error) errors, \(counts.skipped) skipped (pass rate \(rate))"
    }

    /// `passed / total` as a percentage with one decimal, truncated: 2/3 is `66.6%`.
    public static func truncatedPercent(passed: Int, of total: Int) -> String {
        guard total > 0 else { return "n/a" }
        let permille = passed * 1000 / total
        return "\(permille / 10).\(permille % 10)%"
    }

    /// A rate in 0...1 as a percentage with one decimal, truncated; `n/a` for nil.
    static func percent(_ rate: Double?) -> String {
        guard let rate, rate.isFinite else { return "n/a" }
        // A tiny nudge keeps rates such as 0.7 (stored as 0.69999…) from losing a tenth.
        let permille = Int((rate * 1000 + 1e-9).rounded(.down))
        return "\(permille / 10).\(permille % 10)%"
    }

    /// Whether a `significant_regression` gate held because the candidate regressed no more
    /// often than it was fixed, so its p-value did not matter.
    static func judgedByCounts(_ gate: GateResult, comparison: ComparisonReport?) -> Bool {
        guard gate.gate == .significantRegression, let comparison else { return false }
        return comparison.regressed <= comparison.fixed
    }

    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.3f", value)
    }

    private func milliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f ms", value) : String(format: "%.0f ms", value)
    }

    // MARK: Layout

    private enum Tone: String {
        case red = "31", green = "32", yellow = "33", dim = "2", bold = "1"
    }

    private func paint(_ text: String, _ tone: Tone) -> String {
        color ? "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Text made safe for a terminal: control characters written as visible escapes; backslashes
    /// are kept, since messages already show model text through `Visible`.
    private func safe(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Multi-line text split at its line ends, each line made safe and indented; without
    /// `verbose`, cut after `detailLineLimit` lines with a count of the rest.
    private func indented(_ text: String, by spaces: Int) -> [String] {
        let prefix = String(repeating: " ", count: spaces)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var shown = lines.map { prefix + safe($0) }
        if !verbose, shown.count > Self.detailLineLimit {
            let hidden = shown.count - Self.detailLineLimit
            shown = Array(shown.prefix(Self.detailLineLimit)) + [prefix + "… \(hidden) more line\(hidden == 1 ? "" : "s")" + (showAllHint.map { " (\($0))" } ?? "")]
        }
        return shown
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Rows aligned in columns two spaces apart, trailing spaces trimmed.
    private func columns(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { pad($1, widths[$0]) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
