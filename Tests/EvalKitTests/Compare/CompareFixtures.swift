import EvalKit

/// Builders of small reports for the Compare tests.
enum CompareFixtures {
    static func item(_ id: String, _ outcome: Outcome, _ output: String? = nil, reason: SkipReason? = nil, tags: [String] = [], latency: Double? = nil) -> CaseReport {
        CaseReport(
            id: id,
            prompt: "prompt of \(id)",
            tags: tags,
            output: output,
            outcome: outcome,
            matcherVerdict: outcome == .passed || outcome == .failed ? outcome : nil,
            reason: reason ?? (outcome == .skipped ? .interrupted : nil),
            messages: outcome == .failed ? ["expected something else"] : [],
            latencyMs: latency,
            durationSeconds: latency.map { $0 / 1000 } ?? 0,
            passes: outcome == .passed ? 1 : 0
        )
    }

    static func target(_ name: String, judged: Bool = true, _ cases: [CaseReport]) -> TargetReport {
        TargetReport(target: name, provider: "reference", model: "next-number", judged: judged, cases: cases)
    }

    /// A target whose cases have the given outcomes, ids `c0`, `c1`, …
    static func target(_ name: String, judged: Bool = true, outcomes: [Outcome]) -> TargetReport {
        target(name, judged: judged, outcomes.enumerated().map { index, outcome in
            item("c\(index)", outcome, outcome == .passed || outcome == .failed ? "out \(index)" : nil)
        })
    }

    static func suite(named name: String = "s", baseline: String? = nil, gate: GateConfig = GateConfig(), _ targets: [TargetReport]) -> SuiteReport {
        SuiteReport(suite: name, file: "suites/\(name).yaml-lite", gate: gate, baseline: baseline, targets: targets)
    }

    /// Baseline and candidate targets with `regressed` regressions, `fixed` fixes and
    /// `stillPassing` unchanged passes.
    static func comparedPair(regressed: Int, fixed: Int, stillPassing: Int = 0) -> (baseline: TargetReport, candidate: TargetReport) {
        var before: [CaseReport] = []
        var after: [CaseReport] = []
        for index in 0..<regressed {
            before.append(item("r\(index)", .passed, "yes"))
            after.append(item("r\(index)", .failed, "no"))
        }
        for index in 0..<fixed {
            before.append(item("f\(index)", .failed, "no"))
            after.append(item("f\(index)", .passed, "yes"))
        }
        for index in 0..<stillPassing {
            before.append(item("p\(index)", .passed, "yes"))
            after.append(item("p\(index)", .passed, "yes"))
        }
        return (target("base", judged: false, before), target("tuned", after))
    }
}
