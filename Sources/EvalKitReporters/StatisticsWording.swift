import Foundation
import EvalKitResults

/// The sentences the text and Markdown reports use for the statistics of SPEC §15, so both say
/// the same thing in the same words.
public enum StatisticsWording {
    /// `paired difference (tuned minus base): -10.0 points (95% CI -16.1 to -3.9) over 200 cases
    /// answered on both sides; the interval excludes 0: tuned is worse`; names are given as they
    /// should appear.
    public static func difference(_ comparison: ComparisonReport, baseline: String, candidate: String) -> String {
        let n = comparison.pairedCases
        let head = "paired difference (\(candidate) minus \(baseline)): "
        guard let mean = comparison.pairedDifference.mean else {
            return head + "n/a (no case answered on both sides)"
        }
        var text = head + points(mean, signed: true) + " points"
        guard let low = comparison.pairedDifference.low, let high = comparison.pairedDifference.high else {
            return text + " over \(count(n)) \(n == 1 ? "case" : "cases") answered on both sides"
        }
        text += " (95% CI \(points(low, signed: true)) to \(points(high, signed: true))) over \(count(n)) cases answered on both sides"
        if high < 0 { return text + "; the interval excludes 0: \(candidate) is worse" }
        if low > 0 { return text + "; the interval excludes 0: \(candidate) is better" }
        return text + "; the interval includes 0: no difference shown"
    }

    /// What the suite can detect: `this suite can detect a drop of 9.8 points (80% power,
    /// α = 0.05); 1,240 cases would detect 5`, or that its cases already suffice; nil with fewer
    /// than two paired cases.
    public static func power(_ comparison: ComparisonReport) -> String? {
        guard let mde = comparison.mde, let needed = comparison.casesNeeded else { return nil }
        let detect = points(comparison.detect, trimmed: true)
        guard mde > 0 else {
            return "no case changed its verdict, so this comparison cannot say how small a drop the suite would detect"
        }
        let head = "this suite can detect a drop of \(points(mde)) points (80% power, α = 0.05)"
        if needed <= comparison.pairedCases {
            return head + "; its \(count(comparison.pairedCases)) cases are enough to detect \(detect)"
        }
        return head + "; \(count(needed)) cases would detect \(detect)"
    }

    /// `pass@1 83.2%, pass@5 97.0%, pass^5 61.0%` for a target with repeats; nil without.
    public static func repeats(_ figures: RepeatFigures) -> String? {
        let ks = figures.cases.keys.compactMap { Int($0) }.sorted()
        guard let most = ks.last, most > 1 else { return nil }
        let at1 = figures.passAtK["1"] ?? nil
        let atN = figures.passAtK[String(most)] ?? nil
        let allN = figures.passAllK[String(most)] ?? nil
        return "pass@1 \(TextReporter.percent(at1)), pass@\(most) \(TextReporter.percent(atN)), pass^\(most) \(TextReporter.percent(allN))"
    }

    /// The sentence under the pass@k figures, for the largest k.
    public static func repeatsExplained(k: Int) -> String {
        "pass@\(k): at least one of \(k) samples of a case passes; pass^\(k): all \(k) pass; each k averaged over the cases with at least k answered samples (errors left out)"
    }

    /// A rate in points (times 100) with one decimal, `+3.0` / `-1.2` when signed; `trimmed`
    /// gives up to two decimals without trailing zeros instead (`5`, `2.5`, `0.25`).
    static func points(_ rate: Double, signed: Bool = false, trimmed: Bool = false) -> String {
        var text = String(format: trimmed ? "%.2f" : "%.1f", rate * 100)
        if trimmed {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0.0" || text == "-0" { text = trimmed ? "0" : "0.0" }
        if signed && !text.hasPrefix("-") { text = "+" + text }
        return text
    }

    /// A count with thousands separators: `1,240`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
