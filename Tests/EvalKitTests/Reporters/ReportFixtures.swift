import Foundation
@testable import EvalKit
@testable import EvalKitResults

/// Realistic run reports built in code for the reporter tests.
enum ReportFixtures {
    static let file = "suites/next-number.yaml-lite"

    /// One suite, judged targets `tuned` and `local`, baseline `base`: passed, failed (matcher and
    /// golden), error, skipped and flaky cases, two comparisons and four gates.
    static func run() -> RunReport {
        let tuned = TargetReport(target: "tuned", provider: "gemini", model: "tunedModels/next-number-abc", judged: true, cases: [
            CaseReport(id: "digits-1", prompt: "1", tags: ["digits"], output: "2", outcome: .passed, golden: .unchanged, goldenOutput: "2",
                       transition: .stillPassing, outputChanged: false, latencyMs: 12.3, durationSeconds: 0.012, finishReason: "STOP",
                       usage: TokenUsage(promptTokens: 3, completionTokens: 1), passes: 1),
            CaseReport(id: "roman", prompt: "III", tags: ["roman", "heldout"], output: "4", outcome: .failed,
                       messages: ["expected to match /^IV$/, got \"4\""], failureType: "regex", details: "expected: /^IV$/\ngot: \"4\"",
                       golden: .unchanged, goldenOutput: "4", transition: .regressed, outputChanged: true, latencyMs: 40, durationSeconds: 0.04,
                       finishReason: "STOP", usage: TokenUsage(promptTokens: 3, completionTokens: 1)),
            CaseReport(id: "comma", prompt: "10,100,000", output: nil, outcome: .error,
                       messages: ["HTTP 503 Service Unavailable: retries exhausted"], failureType: "http", golden: .off,
                       transition: .incomparable, durationSeconds: 12.3456, retries: 4),
            CaseReport(id: "words", prompt: "one hundred", tags: ["words", "heldout"], output: "one hundred one", outcome: .passed,
                       golden: .unchanged, transition: .fixed, outputChanged: true, latencyMs: 20, durationSeconds: 0.000012,
                       usage: TokenUsage(promptTokens: 9, completionTokens: 9), samples: 3, passes: 2, flaky: true,
                       sampleResults: [
                           SampleReport(output: "one hundred one", outcome: .passed),
                           SampleReport(output: "one hundred and one", outcome: .failed, message: "expected \"one hundred one\", got \"one hundred and one\"", failureType: "exact"),
                           SampleReport(output: "one hundred one", outcome: .passed),
                       ]),
            CaseReport(id: "golden-only", prompt: "4", output: "five", outcome: .failed,
                       messages: ["the output differs from the golden output"], failureType: "golden",
                       golden: .changed, goldenOutput: "5", goldenDiff: "--- golden\n+++ output\n-5\n+five\n",
                       transition: .regressed, outputChanged: true, latencyMs: 15, durationSeconds: 0.015),
            CaseReport(id: "warned", prompt: "7", output: "8 ", outcome: .passed, golden: .changed, goldenOutput: "8",
                       goldenDiff: "--- golden\n+++ output\n-8\n+8·\n", transition: .stillPassing, outputChanged: false,
                       latencyMs: 11, durationSeconds: 0.011),
            CaseReport(id: "brand-new", prompt: "8", output: "9", outcome: .passed, golden: .new, transition: .stillPassing,
                       outputChanged: false, latencyMs: 10, durationSeconds: 0.01),
            CaseReport(id: "later", prompt: "9", outcome: .skipped, reason: .interrupted),
        ])
        let local = TargetReport(target: "local", provider: "openai", model: "next-number-lora", judged: true, cases: [
            CaseReport(id: "digits-1", prompt: "1", tags: ["digits"], output: "2", outcome: .passed, transition: .stillPassing,
                       outputChanged: false, latencyMs: 5, durationSeconds: 0.005),
            CaseReport(id: "roman", prompt: "III", tags: ["roman", "heldout"], output: "IV", outcome: .passed, transition: .stillPassing,
                       outputChanged: false, latencyMs: 6, durationSeconds: 0.006),
            CaseReport(id: "comma", prompt: "10,100,000", output: "10,100,002", outcome: .failed,
                       messages: ["expected 10100001, got 10100002"], failureType: "numeric", transition: .stillFailing,
                       outputChanged: true, latencyMs: 7, durationSeconds: 0.007),
        ])
        let base = TargetReport(target: "base", provider: "gemini", model: "models/gemini-2.0-flash", judged: false, cases: [
            CaseReport(id: "digits-1", prompt: "1", tags: ["digits"], output: "2", outcome: .passed, latencyMs: 30, durationSeconds: 0.03),
            CaseReport(id: "roman", prompt: "III", tags: ["roman", "heldout"], output: "IV", outcome: .passed, latencyMs: 31, durationSeconds: 0.031),
            CaseReport(id: "comma", prompt: "10,100,000", output: "10100001", outcome: .failed, messages: ["expected 10100001, got \"10100001\""],
                       failureType: "exact", latencyMs: 32, durationSeconds: 0.032),
            CaseReport(id: "words", prompt: "one hundred", tags: ["words", "heldout"], output: "101", outcome: .failed,
                       messages: ["expected \"one hundred one\", got \"101\""], failureType: "exact", latencyMs: 33, durationSeconds: 0.033),
            CaseReport(id: "golden-only", prompt: "4", output: "5", outcome: .passed, latencyMs: 34, durationSeconds: 0.034),
        ])
        let comparisons = [
            ComparisonReport(baseline: "base", candidate: "tuned", fixed: 1, regressed: 2, stillPassing: 1, stillFailing: 0, incomparable: 1,
                             changedOutputs: 3, mcnemarP: 1.0,
                             baselinePassRate: RateInterval(rate: 0.6, low: 0.231, high: 0.882),
                             candidatePassRate: RateInterval(rate: 2.0 / 3.0, low: 0.3, high: 0.903)),
            ComparisonReport(baseline: "base", candidate: "local", stillPassing: 2, stillFailing: 1, changedOutputs: 1, mcnemarP: nil,
                             baselinePassRate: RateInterval(rate: 0.6, low: 0.231, high: 0.882),
                             candidatePassRate: RateInterval(rate: 2.0 / 3.0, low: 0.208, high: 0.939)),
        ]
        let gates = [
            GateResult(gate: .minPassRate, target: "tuned", limit: 1.0, value: 2.0 / 3.0, passed: false),
            GateResult(gate: .minPassRate, target: "local", limit: 1.0, value: 2.0 / 3.0, passed: false),
            GateResult(gate: .maxRegressions, target: "tuned", limit: 0, value: 2, passed: false),
            GateResult(gate: .maxErrorRate, target: "tuned", limit: 0, value: 1.0 / 7.0, passed: false),
        ]
        let suite = SuiteReport(suite: "next-number", file: file, description: "The tuned model answers the next number in the sequence.",
                                gate: GateConfig(minPassRate: 1.0, maxRegressions: 0), baseline: "base",
                                targets: [tuned, local, base], comparisons: comparisons, gates: gates,
                                obsoleteGolden: ["tuned": ["retired-case"]])
        return RunReport(evalsVersion: "0.1.0", startedAt: "2026-11-25T13:36:27.123Z", finishedAt: "2026-11-25T13:36:39.623Z",
                         exitCode: 1, suites: [suite])
    }

    /// A run of one judged target whose cases are given.
    static func single(_ cases: [CaseReport], target: String = "tuned", gates: [GateResult] = [], interrupted: Bool = false) -> RunReport {
        let report = TargetReport(target: target, provider: "command", model: nil, judged: true, cases: cases)
        let suite = SuiteReport(suite: "tiny", file: "suites/tiny.yaml-lite", targets: [report], gates: gates)
        return RunReport(evalsVersion: "0.1.0", startedAt: "2026-11-25T13:36:27Z", finishedAt: "2026-11-25T13:36:28Z",
                         interrupted: interrupted, exitCode: interrupted ? 130 : 0, suites: [suite])
    }
}
