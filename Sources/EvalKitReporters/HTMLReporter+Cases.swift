import EvalKitSupport
import EvalKitResults
import EvalKitCompare

extension HTMLReporter {
    /// The filters and, per suite, one entry per case: the prompt, every target's output side by
    /// side (the baseline first), the messages, and the baseline → candidate and golden diffs.
    /// Each entry carries what the filters match on: `data-o` the judged outcomes, `data-t` the
    /// transitions (and `changed` when an output changed), `data-g` the tags, one per line.
    static func cases(_ report: RunReport) -> String {
        var total = 0
        var tags = Set<String>()
        var body = ""
        for suite in report.suites {
            let targets = suite.targets.filter { !$0.judged } + suite.targets.filter(\.judged)
            // A spooled suite's entries are in the spool of its first target shown (`SpooledSuite`).
            if let spool = targets.first?.spool, targets.allSatisfy({ $0.spool != nil }) {
                total += spool.count
                for case let spooled? in targets.map(\.spool) { tags.formUnion(spooled.tally.tagNames) }
                body += "<h3>\(HTMLEscaping.attribute(suite.suite))</h3>\n<div class=\"cases\">\n" + spool.placeholder(.html) + "</div>\n"
                continue
            }
            let pairs = suite.comparisons.map { ReportAssembler.Pair(baseline: $0.baseline, candidate: $0.candidate) }
            var order: [String] = []
            var byTarget: [[String: CaseReport]] = []
            var seen = Set<String>()
            for target in targets {
                var lookup: [String: CaseReport] = [:]
                for item in target.cases {
                    lookup[item.id] = item
                    if seen.insert(item.id).inserted { order.append(item.id) }
                }
                byTarget.append(lookup)
            }
            total += order.count
            body += "<h3>\(HTMLEscaping.attribute(suite.suite))</h3>\n<div class=\"cases\">\n"
            for id in order {
                let row = targets.indices.map { byTarget[$0][id] }
                tags.formUnion(row.compactMap { $0?.tags }.joined())
                body += entry(id: id, pairs: pairs, targets: targets, row: row)
            }
            body += "</div>\n"
        }
        let compared = report.suites.contains { !$0.comparisons.isEmpty }
        var out = "<section id=\"cases\"><h2>Cases</h2>\n<form id=\"filters\" hidden>"
        out += "<label>outcome <select name=\"outcome\"><option value=\"\">any</option>"
        for outcome in Outcome.allCases { out += "<option>\(outcome.rawValue)</option>" }
        out += "</select></label>"
        if compared {
            out += "<label>transition <select name=\"transition\"><option value=\"\">any</option>"
            for transition in Transition.allCases { out += "<option>\(transition.rawValue)</option>" }
            out += "<option value=\"changed\">output changed</option></select></label>"
        }
        if !tags.isEmpty {
            out += "<label>tag <select name=\"tag\"><option value=\"\">any</option>"
            for tag in tags.sorted() { out += "<option>\(HTMLEscaping.attribute(tag))</option>" }
            out += "</select></label>"
        }
        out += "<label>text <input name=\"q\" type=\"search\" placeholder=\"id, prompt, output…\"></label>"
        out += " <span><output id=\"shown\">\(total)</output> of <span id=\"total\">\(total)</span> shown</span></form>\n"
        return out + body + "</section>\n"
    }

    /// The entry of a case of a suite with one target and no comparison, as `cases(_:)` writes it.
    static func entry(for item: CaseReport, target: TargetReport) -> String {
        entry(id: item.id, pairs: [], targets: [target], row: [item])
    }

    /// Appends the entry of a case of a suite with several targets, as `cases(_:)` writes it:
    /// `targets` in the order shown (the baseline first), `row` their reports of the case, and
    /// `pairs` the suite's comparisons.
    public static func appendEntry(id: String, pairs: [ReportAssembler.Pair], targets: [TargetReport], row: [CaseReport?], to out: inout [UInt8]) {
        out += entry(id: id, pairs: pairs, targets: targets, row: row)
    }

    /// Appends `entry(for:target:)`. A passing case with no transition or golden diff whose text
    /// has nothing to escape and fits the limits, most cases of a large run, is written straight
    /// into the bytes.
    static func appendEntry(for item: CaseReport, target: TargetReport, to out: inout [UInt8]) {
        let judgedTransition = target.judged && (item.transition != nil || item.outputChanged == true)
        guard item.outcome == .passed, !judgedTransition, item.samples <= 1, (item.goldenDiff ?? "").isEmpty,
              PlainText.isPlain(item.id, lineEnds: false), PlainText.isPlain(target.target, lineEnds: false),
              item.tags.allSatisfy({ PlainText.isPlain($0, lineEnds: false) }),
              item.prompt.utf8.count <= promptLimit, PlainText.isPlain(item.prompt, lineEnds: true),
              (item.system ?? "").utf8.count <= promptLimit, PlainText.isPlain(item.system ?? "", lineEnds: true),
              (item.output ?? "").utf8.count <= outputLimit, PlainText.isPlain(item.output ?? "", lineEnds: true)
        else {
            out += entry(for: item, target: target)
            return
        }
        out += "<article class=\"case k-passed\" data-o=\"passed\" data-t=\"\" data-g=\""
        for (index, tag) in item.tags.enumerated() {
            if index > 0 { out += "&#10;" }
            out += tag
        }
        out += "\"><div class=\"h\"><b>"
        out += item.id
        out += "</b>"
        for tag in item.tags {
            out += " <span class=\"tag\">"
            out += tag
            out += "</span>"
        }
        out += "</div><div class=\"cols\"><div><h5>prompt</h5>"
        if let system = item.system {
            out += "<pre class=\"sys\">"
            out += system
            out += "</pre>"
        }
        out += "<pre>"
        out += item.prompt
        out += "</pre></div><div><h5>"
        out += target.target
        out += " <span class=\"o-passed\">passed</span></h5>"
        if let text = item.output {
            if text.isEmpty {
                out += "<p class=\"note\">(empty)</p>"
            } else {
                out += "<pre>"
                out += text
                out += "</pre>"
            }
        } else {
            out += "<p class=\"note\">(no answer)</p>"
        }
        out += "</div></div></article>\n"
    }

    private static func entry(id: String, pairs: [ReportAssembler.Pair], targets: [TargetReport], row: [CaseReport?]) -> String {
        let present = targets.indices.compactMap { index in row[index].map { (target: targets[index], item: $0) } }
        let judged = present.filter(\.target.judged)
        var outcomes: [String] = []
        for pair in judged.isEmpty ? present : judged where !outcomes.contains(pair.item.outcome.rawValue) {
            outcomes.append(pair.item.outcome.rawValue)
        }
        var transitions: [String] = []
        for pair in judged {
            if let transition = pair.item.transition?.rawValue, !transitions.contains(transition) { transitions.append(transition) }
            if pair.item.outputChanged == true, !transitions.contains("changed") { transitions.append("changed") }
        }
        let first = present.first?.item
        let tags = first?.tags ?? []
        let worst = ["error", "failed", "skipped", "passed"].first { outcomes.contains($0) } ?? "passed"

        var out = "<article class=\"case k-\(worst)\" data-o=\"\(outcomes.joined(separator: " "))\" data-t=\"\(transitions.joined(separator: " "))\" data-g=\"\(tags.map(HTMLEscaping.attribute).joined(separator: "&#10;"))\">"
        out += "<div class=\"h\"><b>\(HTMLEscaping.attribute(id))</b>"
        for tag in tags { out += " <span class=\"tag\">\(HTMLEscaping.attribute(tag))</span>" }
        for transition in transitions where transition != "changed" {
            out += " <span class=\"t-\(transition)\">\(transition.replacingOccurrences(of: "_", with: " "))</span>"
        }
        out += "</div><div class=\"cols\">"
        if let first {
            out += "<div><h5>prompt</h5>"
            if let system = first.system { out += "<pre class=\"sys\">\(HTMLEscaping.text(system, limit: promptLimit))</pre>" }
            out += "<pre>\(HTMLEscaping.text(first.prompt, limit: promptLimit))</pre></div>"
        }
        for pair in present {
            out += output(pair.item, target: pair.target)
        }
        out += "</div>"
        out += diffs(id: id, pairs: pairs, targets: targets, row: row)
        return out + "</article>\n"
    }

    /// One target's column: its outcome, output, messages and details.
    private static func output(_ item: CaseReport, target: TargetReport) -> String {
        var out = "<div><h5>\(HTMLEscaping.attribute(target.target)) <span class=\"o-\(item.outcome.rawValue)\">\(item.outcome.rawValue)</span>"
        if item.samples > 1 { out += " <small>\(item.passes)/\(item.samples) samples passed\(item.flaky ? ", flaky" : "")</small>" }
        out += "</h5>"
        if let text = item.output {
            out += text.isEmpty ? "<p class=\"note\">(empty)</p>" : "<pre>\(HTMLEscaping.text(text, limit: outputLimit))</pre>"
        } else {
            out += "<p class=\"note\">(no answer)</p>"
        }
        if item.outcome != .passed {
            for message in item.messages {
                out += "<p class=\"msg\">\(HTMLEscaping.text(message, limit: messageLimit))</p>"
            }
            if let details = item.details, !details.isEmpty {
                out += "<details><summary>details</summary><pre>\(HTMLEscaping.text(details, limit: detailsLimit))</pre></details>"
            }
        }
        return out + "</div>"
    }

    /// The baseline → candidate output diff of every comparison, and every target's golden diff.
    private static func diffs(id: String, pairs: [ReportAssembler.Pair], targets: [TargetReport], row: [CaseReport?]) -> String {
        func item(_ name: String) -> CaseReport? {
            targets.firstIndex { $0.target == name }.flatMap { row[$0] }
        }
        var out = ""
        for comparison in pairs {
            guard var old = item(comparison.baseline)?.output, var new = item(comparison.candidate)?.output else { continue }
            // Answers seldom end with a line end: when neither does, the diff need not say so.
            if !old.hasSuffix("\n"), !new.hasSuffix("\n") {
                old += "\n"
                new += "\n"
            }
            let rendered = UnifiedDiff.render(
                old: XMLEscaping.stripANSI(old), new: XMLEscaping.stripANSI(new),
                oldLabel: comparison.baseline, newLabel: comparison.candidate,
                maxLines: diffLines, maxLineLength: diffLineLength)
            if let rendered {
                out += "<div><h5>\(HTMLEscaping.attribute(comparison.baseline)) → \(HTMLEscaping.attribute(comparison.candidate))</h5>\(diff(rendered))</div>"
            }
        }
        for (index, target) in targets.enumerated() {
            if let golden = row[index]?.goldenDiff, !golden.isEmpty {
                out += "<div><h5>golden → \(HTMLEscaping.attribute(target.target))</h5>\(diff(golden))</div>"
            }
        }
        return out.isEmpty ? "" : "<div class=\"cols diffs\">\(out)</div>"
    }

    /// A unified diff (already made visible by `UnifiedDiff`), one block per line, marked for colour.
    static func diff(_ unified: String) -> String {
        var out = "<pre class=\"diff\">"
        for (number, line) in unified.split(separator: "\n").enumerated() {
            let kind: String
            if number < 2 || line.hasPrefix("@@") || line.hasPrefix("\\ ") || line.hasPrefix("… ") {
                kind = "dh"
            } else if line.hasPrefix("-") {
                kind = "dd"
            } else if line.hasPrefix("+") {
                kind = "di"
            } else {
                kind = "de"
            }
            out += "<span class=\"\(kind)\">\(HTMLEscaping.attribute(String(line)))</span>"
        }
        return out + "</pre>"
    }
}
