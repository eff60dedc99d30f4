import Foundation
import EvalKitMatchers
import EvalKitResults
import EvalKitSuite

/// The one-file HTML report (`report.html`, SPEC §14): the verdict and gates, per-target counts
/// with Wilson bars, pass rates per tag × target, the comparisons, and a filterable table of the
/// cases with every target's output side by side and the diffs.
///
/// The page needs nothing but itself: inline style and script, a Content-Security-Policy that
/// allows nothing else, no URL in any `src` or `href`. Model text is escaped everywhere
/// (`HTMLEscaping`) and cut when long. Every figure is in the markup, so the page reads without
/// JavaScript; the script only adds the filters, and reads what it filters from the page, so no
/// data is written twice. Figures a test or tool reads back are `data-` attributes on their rows.
public enum HTMLReporter {
    /// Characters of a model output shown per target; the rest are counted.
    static let outputLimit = 2000
    /// Characters of a prompt shown; the rest are counted.
    static let promptLimit = 1000
    /// Characters of a failure message and of its details shown.
    static let messageLimit = 300
    static let detailsLimit = 1000
    /// Lines of a diff shown, and characters per line.
    static let diffLines = 40
    static let diffLineLength = 300

    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    public static func render(_ report: RunReport) -> String {
        let verdict = MarkdownReporter.verdict(report)
        let verdictWord = String(verdict.prefix { $0 != " " })
        var out = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>evals: \(verdictWord)</title>\n<style>\(style)</style></head>\n"
        out += "<body data-verdict=\"\(verdictWord)\">\n"
        out += "<header><h1>evals: <span id=\"verdict\" class=\"v-\(verdictWord.lowercased())\">\(HTMLEscaping.plain(verdict))</span></h1>\n"
        out += "<p class=\"meta\">" + meta(report) + "</p>"
        if report.interrupted { out += "<p class=\"warn\">Interrupted: cases that had not finished were not run.</p>" }
        for suite in report.suites {
            for target in suite.targets where target.judged {
                let counts = target.counts
                let tone = counts.failed > 0 ? "fail" : counts.error > 0 ? "v-error" : "pass"
                out += "<p class=\"\(tone)\">\(HTMLEscaping.attribute(TextReporter.closingLine(target: target.target, counts: counts)))"
                out += report.suites.count > 1 ? " <small>(\(HTMLEscaping.attribute(suite.suite)))</small></p>" : "</p>"
            }
        }
        out += "</header>\n"
        out += gates(report)
        for (number, suite) in report.suites.enumerated() {
            out += summary(suite, number: number)
        }
        out += cases(report)
        out += "<script>\(script)</script>\n</body></html>\n"
        return out
    }

    // MARK: Summary

    private static func meta(_ report: RunReport) -> String {
        var parts = ["suite\(report.suites.count == 1 ? "" : "s") " + (report.suites.isEmpty ? "none" : report.suites.map { "<b>\(HTMLEscaping.attribute($0.suite))</b>" }.joined(separator: ", "))]
        parts.append("evals \(HTMLEscaping.attribute(report.evalsVersion))")
        parts.append("started \(HTMLEscaping.attribute(report.startedAt)), finished \(HTMLEscaping.attribute(report.finishedAt))")
        if let shard = report.shard { parts.append("shard \(HTMLEscaping.attribute(shard))") }
        return parts.joined(separator: " · ")
    }

    private static func gates(_ report: RunReport) -> String {
        let rows = report.suites.flatMap { suite in suite.gates.map { (suite, $0) } }
        guard !rows.isEmpty else { return "" }
        var out = "<section><h2>Gates</h2>\n<table><thead><tr><th>suite</th><th>gate</th><th>target</th><th>figure</th><th>result</th></tr></thead><tbody>\n"
        for (suite, gate) in rows {
            let comparison = suite.comparisons.first { $0.candidate == gate.target }
            let result = gate.passed ? "<td class=\"pass\">PASS</td>" : "<td class=\"fail\">FAIL</td>"
            out += "<tr class=\"gate\" data-gate=\"\(HTMLEscaping.attribute(gate.gate.rawValue))\" data-target=\"\(HTMLEscaping.attribute(gate.target))\" data-passed=\"\(gate.passed)\">"
            out += "<td>\(HTMLEscaping.attribute(suite.suite))</td><td>\(HTMLEscaping.attribute(gate.gate.rawValue))</td><td>\(HTMLEscaping.attribute(gate.target))</td>"
            out += "<td>\(HTMLEscaping.attribute(TextReporter.gateFigures(gate, comparison: comparison)))</td>\(result)</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    private static func summary(_ suite: SuiteReport, number: Int) -> String {
        let name = HTMLEscaping.attribute(suite.suite)
        var out = "<section class=\"suite\" data-suite=\"\(name)\"><h2>Suite \(name)</h2>\n"
        if let description = suite.description { out += "<p>\(HTMLEscaping.text(description, limit: promptLimit))</p>\n" }
        var notes: [String] = []
        if suite.deselected > 0 { notes.append("\(suite.deselected) deselected") }
        if let baseline = suite.baseline { notes.append("baseline <b>\(HTMLEscaping.attribute(baseline))</b> (shown, not judged)") }
        if !notes.isEmpty { out += "<p class=\"meta\">\(notes.joined(separator: " · "))</p>\n" }
        out += targets(suite)
        out += tags(suite)
        out += comparisons(suite)
        return out + "</section>\n"
    }

    private static func targets(_ suite: SuiteReport) -> String {
        var out = "<h3>Targets</h3>\n<table class=\"num\"><thead><tr><th>target</th><th>model</th><th>passed</th><th>failed</th><th>errors</th><th>skipped</th><th>pass rate (95% interval)</th><th>tokens in / out</th><th>latency p50 / p95</th><th>cost</th></tr></thead><tbody>\n"
        for target in suite.targets {
            let counts = target.counts
            let name = HTMLEscaping.attribute(target.target)
            out += "<tr class=\"target\" data-suite=\"\(HTMLEscaping.attribute(suite.suite))\" data-target=\"\(name)\" data-judged=\"\(target.judged)\" data-passed=\"\(counts.passed)\" data-failed=\"\(counts.failed)\" data-error=\"\(counts.error)\" data-skipped=\"\(counts.skipped)\"\(target.cost.map { " data-cost-usd=\"\(Cost.decimal($0.usd))\"" } ?? "")>"
            out += "<th>\(name)\(target.judged ? "" : " <small>(baseline)</small>")</th>"
            out += "<td class=\"l\">\(HTMLEscaping.attribute(target.provider)) \(HTMLEscaping.attribute(target.model ?? "-"))</td>"
            out += "<td>\(counts.passed)</td><td>\(counts.failed)</td><td>\(counts.error)</td><td>\(counts.skipped)</td>"
            out += "<td>\(rateCell(passed: counts.passed, failed: counts.failed))</td>"
            out += "<td>\(target.usage.promptTokens) / \(target.usage.completionTokens)</td>"
            out += "<td>\(milliseconds(target.latencyMs.p50)) / \(milliseconds(target.latencyMs.p95))</td>"
            out += "<td>\(HTMLEscaping.attribute(target.cost?.text ?? "no price"))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        for target in suite.targets {
            guard let note = target.cost?.unknownNote else { continue }
            out += "<p class=\"warn\">\(HTMLEscaping.attribute(target.target)): \(HTMLEscaping.text(note)).</p>\n"
        }
        var explained: Int?
        for target in suite.targets {
            guard let figures = target.repeats, let line = StatisticsWording.repeats(figures) else { continue }
            out += "<p class=\"repeats\">\(HTMLEscaping.attribute(target.target)): \(HTMLEscaping.text(line))</p>\n"
            explained = max(explained ?? 0, figures.cases.keys.compactMap { Int($0) }.max() ?? 0)
        }
        if let k = explained { out += "<p><small>\(HTMLEscaping.text(StatisticsWording.repeatsExplained(k: k)))</small></p>\n" }
        return out
    }

    /// A pass rate, its 95% Wilson interval in words and as a bar.
    static func rateCell(passed: Int, failed: Int) -> String {
        let interval = Statistics.wilson(successes: passed, trials: passed + failed)
        guard let rate = interval.rate, let low = interval.low, let high = interval.high else { return "n/a" }
        let words = "\(TextReporter.percent(rate)) (\(TextReporter.percent(low))–\(TextReporter.percent(high)))"
        return "\(words) " + bar(rate: rate, low: low, high: high, label: "pass rate \(words)")
    }

    /// A 100-unit-wide bar: the interval shaded, the rate as a mark.
    static func bar(rate: Double, low: Double, high: Double, label: String) -> String {
        func unit(_ value: Double) -> String { String(format: "%.1f", min(max(value, 0), 1) * 100) }
        return "<svg class=\"bar\" viewBox=\"0 0 100 10\" width=\"100\" height=\"10\" role=\"img\" aria-label=\"\(label)\"><rect width=\"100\" height=\"10\" fill=\"#eee\"/><rect x=\"\(unit(low))\" width=\"\(unit(high - low))\" height=\"10\" fill=\"#9bc\"/><rect x=\"\(unit(rate))\" width=\"1.5\" height=\"10\" fill=\"#036\"/></svg>"
    }

    private static func tags(_ suite: SuiteReport) -> String {
        let names = Set(suite.targets.flatMap(\.tags.keys)).sorted()
        guard !names.isEmpty else { return "" }
        var out = "<h3>Pass rate per tag</h3>\n<table class=\"num\"><thead><tr><th>tag</th>"
        for target in suite.targets { out += "<th>\(HTMLEscaping.attribute(target.target))</th>" }
        out += "</tr></thead><tbody>\n"
        for tag in names {
            out += "<tr><th>\(HTMLEscaping.attribute(tag))</th>"
            for target in suite.targets {
                if let stats = target.tags[tag] {
                    out += "<td>\(TextReporter.percent(stats.passRate)) <small>(\(stats.passed)/\(stats.passed + stats.failed))</small></td>"
                } else {
                    out += "<td></td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    private static func comparisons(_ suite: SuiteReport) -> String {
        guard !suite.comparisons.isEmpty else { return "" }
        var out = "<h3>Comparison</h3>\n<table class=\"num\"><thead><tr><th>baseline → candidate</th><th>regressed</th><th>fixed</th><th>still passing</th><th>still failing</th><th>incomparable</th><th>outputs changed</th><th>McNemar p</th></tr></thead><tbody>\n"
        for comparison in suite.comparisons {
            out += "<tr class=\"comparison\" data-baseline=\"\(HTMLEscaping.attribute(comparison.baseline))\" data-candidate=\"\(HTMLEscaping.attribute(comparison.candidate))\" data-regressed=\"\(comparison.regressed)\" data-fixed=\"\(comparison.fixed)\">"
            out += "<th>\(HTMLEscaping.attribute(comparison.baseline)) → \(HTMLEscaping.attribute(comparison.candidate))</th>"
            out += "<td\(comparison.regressed > 0 ? " class=\"fail\"" : "")>\(comparison.regressed)</td><td>\(comparison.fixed)</td><td>\(comparison.stillPassing)</td><td>\(comparison.stillFailing)</td><td>\(comparison.incomparable)</td><td>\(comparison.changedOutputs)</td>"
            out += "<td>\(pValue(comparison.mcnemarP))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        for comparison in suite.comparisons {
            out += "<dl class=\"figures\"><dt>\(HTMLEscaping.attribute(comparison.baseline)) → \(HTMLEscaping.attribute(comparison.candidate))</dt>"
            for figure in comparisonFigures(comparison) {
                out += "<dd><span>\(figure.term)</span> \(figure.value)</dd>"
            }
            out += "</dl>\n"
        }
        return out
    }

    /// The figures of one comparison beyond its transition counts, as (term, value) markup pairs:
    /// the one place where further statistics of a comparison are added.
    static func comparisonFigures(_ comparison: ComparisonReport) -> [(term: String, value: String)] {
        func interval(_ rate: RateInterval) -> String {
            guard let value = rate.rate, let low = rate.low, let high = rate.high else { return "n/a" }
            let words = "\(TextReporter.percent(value)) (\(TextReporter.percent(low))–\(TextReporter.percent(high)))"
            return "\(words) " + bar(rate: value, low: low, high: high, label: "pass rate \(words)")
        }
        var figures = [
            ("\(HTMLEscaping.attribute(comparison.baseline)) pass rate", interval(comparison.baselinePassRate)),
            ("\(HTMLEscaping.attribute(comparison.candidate)) pass rate", interval(comparison.candidatePassRate)),
            ("McNemar p (regressed vs fixed)", pValue(comparison.mcnemarP)),
            ("Paired difference", HTMLEscaping.text(StatisticsWording.difference(comparison, baseline: comparison.baseline, candidate: comparison.candidate))),
        ]
        if let power = StatisticsWording.power(comparison) {
            figures.append(("Power", HTMLEscaping.text(power)))
        }
        return figures
    }

    static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "n/a" }
        return p < 0.001 ? "&lt; 0.001" : String(format: "%.3f", p)
    }

    private static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return value < 10 ? String(format: "%.1f ms", value) : String(format: "%.0f ms", value)
    }
}
