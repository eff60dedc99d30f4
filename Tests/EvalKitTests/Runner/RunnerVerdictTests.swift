import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// How answers are judged and folded into case reports: matchers, blocks, repeats, secrets (SPEC §5.2, §5.4).
@Suite struct RunnerVerdictTests {
    /// One row of the repeats table: the rule, each sample's verdict (`p`ass, `f`ail, `e`rror) and the case's.
    struct RepeatRow: Sendable, CustomTestStringConvertible {
        var rule: PassRule
        var script: String
        var outcome: Outcome
        var flaky: Bool
        var testDescription: String { "\(rule.text) \(script) → \(outcome.rawValue)\(flaky ? " flaky" : "")" }
    }

    static let repeatRows: [RepeatRow] = [
        RepeatRow(rule: .all, script: "ppp", outcome: .passed, flaky: false),
        RepeatRow(rule: .all, script: "pfp", outcome: .failed, flaky: true),
        RepeatRow(rule: .all, script: "pep", outcome: .error, flaky: false),
        RepeatRow(rule: .all, script: "fep", outcome: .failed, flaky: true),
        RepeatRow(rule: .all, script: "ee", outcome: .error, flaky: false),
        RepeatRow(rule: .all, script: "fff", outcome: .failed, flaky: false),
        RepeatRow(rule: .majority, script: "pfp", outcome: .passed, flaky: true),
        RepeatRow(rule: .majority, script: "pff", outcome: .failed, flaky: true),
        RepeatRow(rule: .majority, script: "pef", outcome: .error, flaky: true),
        RepeatRow(rule: .majority, script: "pee", outcome: .error, flaky: false),
        RepeatRow(rule: .majority, script: "ppff", outcome: .failed, flaky: true),
        RepeatRow(rule: .majority, script: "pppf", outcome: .passed, flaky: true),
        RepeatRow(rule: .atLeast(1), script: "ffp", outcome: .passed, flaky: true),
        RepeatRow(rule: .atLeast(2), script: "eef", outcome: .error, flaky: false),
        RepeatRow(rule: .atLeast(2), script: "ffe", outcome: .failed, flaky: false),
        RepeatRow(rule: .atLeast(2), script: "pfe", outcome: .error, flaky: true),
        RepeatRow(rule: .atLeast(5), script: "ppp", outcome: .passed, flaky: false),
    ]

    /// A provider answering sample k by `script[k]`: `ok`, `bad`, or a permanent error.
    private func scripted(_ script: String, tracker: RequestTracker) -> ScriptedProvider {
        let steps = Array(script)
        return ScriptedProvider(tracker: tracker) { _, attempt throws(ProviderError) in
            switch steps[attempt - 1] {
            case "p": return ModelResponse(text: "ok", usage: TokenUsage(promptTokens: 3, completionTokens: 1))
            case "f": return ModelResponse(text: "bad", usage: TokenUsage(promptTokens: 3, completionTokens: 2))
            default: throw ProviderError(.permanent, "HTTP 400: sample error")
            }
        }
    }

    @Test(arguments: repeatRows)
    func repeatsFollowPassIf(row: RepeatRow) async {
        let tracker = RequestTracker()
        let cases = runnerCases(1, matchers: [OutputEqualsMatcher(expected: "ok")], repeatCount: row.script.count, passIf: row.rule)
        let results = await Runner(options: .test()).run([runnerUnit(provider: scripted(row.script, tracker: tracker), cases: cases)])
        let report = results[0].cases[0]
        let verdicts: [Outcome] = row.script.map { $0 == "p" ? .passed : $0 == "f" ? .failed : .error }
        #expect(report.outcome == row.outcome)
        #expect(report.flaky == row.flaky)
        #expect(report.samples == row.script.count)
        #expect(report.passes == row.script.count(where: { $0 == "p" }))
        #expect(report.sampleResults.map(\.outcome) == verdicts)
        #expect(report.sampleResults.map(\.output) == row.script.map { $0 == "p" ? "ok" : $0 == "f" ? "bad" : nil })
        #expect(report.output == report.sampleResults[0].output)
        for (sample, verdict) in zip(report.sampleResults, verdicts) {
            switch verdict {
            case .failed: #expect(sample.message == "expected \"ok\", got \"bad\"" && sample.failureType == "equals")
            case .error: #expect(sample.message == "HTTP 400: sample error" && sample.failureType == "permanent")
            default: #expect(sample.message == nil && sample.failureType == nil)
            }
        }
        let passes = report.passes
        let answered = row.script.count(where: { $0 != "e" })
        let needed = row.rule.required(of: row.script.count)
        let summary = "\(passes) of \(row.script.count) samples passed (pass_if \(row.rule.text) needs \(needed))"
        switch row.outcome {
        case .passed:
            #expect(report.messages.isEmpty && report.failureType == nil)
        case .failed:
            #expect(report.messages == ["expected \"ok\", got \"bad\"", summary])
            #expect(report.failureType == "equals")
        default:
            #expect(report.messages == ["HTTP 400: sample error", summary])
            #expect(report.failureType == "permanent")
        }
        let usage = TokenUsage(promptTokens: 3 * answered, completionTokens: passes + 2 * row.script.count(where: { $0 == "f" }))
        #expect(report.usage == (answered > 0 ? usage : nil))
    }

    @Test(arguments: [(1, 3, 3), (5, 2, 2), (4, nil, 4)] as [(Int, Int?, Int)])
    func repeatOverrideBeatsTheCase(caseCount: Int, override: Int?, expected: Int) async {
        let tracker = RequestTracker()
        var options = RunnerOptions.test()
        options.repeatOverride = override
        let results = await Runner(options: options).run([runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(1, repeatCount: caseCount))])
        #expect(results[0].cases[0].samples == expected)
        #expect(results[0].cases[0].sampleResults.count == expected)
        #expect(await tracker.calls == expected)
    }

    @Test func aBlockedAnswerFailsWithoutRunningMatchers() async {
        let tracker = RequestTracker()
        let log = MatcherCallLog()
        let provider = ScriptedProvider(tracker: tracker) { _, _ in ModelResponse(text: "", finishReason: "SAFETY", blockReason: "SAFETY") }
        let cases = runnerCases(1, matchers: [VerdictMatcher(name: "exact", status: .passed, log: log)])
        let report = await Runner(options: .test()).run([runnerUnit(provider: provider, cases: cases)])[0].cases[0]
        #expect(report.outcome == .failed)
        #expect(report.messages == ["blocked by the model: SAFETY"])
        #expect(report.failureType == "blocked")
        #expect(report.output == nil)
        #expect(report.finishReason == "SAFETY")
        #expect(report.retries == 0)
        #expect(log.all.isEmpty)
    }

    @Test func theFirstMatcherThatDoesNotPassDecides() async {
        let tracker = RequestTracker()
        let log = MatcherCallLog()
        let matchers: [any Matcher] = [
            VerdictMatcher(name: "contains", status: .passed, log: log),
            VerdictMatcher(name: "regex", status: .failed, message: "expected a match of /^IV$/, got \"4\"", log: log),
            VerdictMatcher(name: "script", status: .error, message: "never reached", log: log),
        ]
        let report = await Runner(options: .test()).run([runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(1, matchers: matchers))])[0].cases[0]
        #expect(report.outcome == .failed)
        #expect(report.failureType == "regex")
        #expect(report.messages == ["expected a match of /^IV$/, got \"4\""])
        #expect(report.details == nil)
        #expect(log.all == ["contains", "regex"])
    }

    @Test func aMatcherErrorIsAnError() async {
        let tracker = RequestTracker()
        let matchers: [any Matcher] = [VerdictMatcher(name: "script", status: .error, message: "script timed out after 1s")]
        let report = await Runner(options: .test()).run([runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(1, matchers: matchers))])[0].cases[0]
        #expect(report.outcome == .error)
        #expect(report.failureType == "script")
        #expect(report.messages == ["script timed out after 1s"])
        #expect(report.output == "p0")
    }

    @Test func matchersSeeTheCaseContext() async {
        struct ContextMatcher: Matcher {
            let seen: ConcurrentLog<String>
            var name: String { "context" }
            var description: String { name }
            func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
                seen.append("\(context.caseID) \(context.prompt) \(context.directory.path) \(context.timeout)")
                return MatchResult(.passed, matcher: name, message: "")
            }
        }
        let seen = ConcurrentLog<String>()
        let tracker = RequestTracker()
        var unit = runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(1, matchers: [ContextMatcher(seen: seen)], timeout: 12))
        unit.directory = URL(fileURLWithPath: "/suites/here")
        _ = await Runner(options: .test()).run([unit])
        #expect(seen.all == ["c0 p0 /suites/here \(Duration.seconds(12))"])
    }

    @Test func aCaseWithoutMatchersPasses() async {
        let tracker = RequestTracker()
        let report = await Runner(options: .test()).run([runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(1))])[0].cases[0]
        #expect(report.outcome == .passed)
        #expect(report.messages.isEmpty)
    }

    @Test func reportFieldsComeFromTheCaseAndTheAnswer() async {
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, _ in
            ModelResponse(text: "out \(request.prompt)", finishReason: "MAX_TOKENS", truncated: true, usage: TokenUsage(promptTokens: 5, completionTokens: 7))
        }
        let cases = [
            PlannedCase(resolved: ResolvedCase(id: "own", prompt: "rendered one", system: "case system", settings: GenerationSettings(maxTokens: 9), tags: ["words", "heldout"])),
            PlannedCase(resolved: ResolvedCase(id: "inherits", prompt: "rendered two")),
        ]
        var unit = runnerUnit(provider: provider, cases: cases, system: "target system")
        unit.target.settings = GenerationSettings(temperature: 0, maxTokens: 16)
        let reports = await Runner(options: .test()).run([unit])[0].cases
        let own = reports[0]
        #expect(own.id == "own" && own.prompt == "rendered one" && own.system == "case system")
        #expect(own.tags == ["words", "heldout"])
        #expect(own.output == "out rendered one")
        #expect(own.outcome == .passed && own.reason == nil)
        #expect(own.finishReason == "MAX_TOKENS" && own.truncated)
        #expect(own.usage == TokenUsage(promptTokens: 5, completionTokens: 7))
        #expect(own.golden == .off)
        #expect(own.samples == 1 && own.passes == 1 && !own.flaky && own.sampleResults.isEmpty)
        #expect((own.latencyMs ?? -1) >= 0)
        #expect(own.durationSeconds >= 0)
        #expect(reports[1].system == "target system")
        let requests = await tracker.requests.sorted { $0.caseID > $1.caseID }
        #expect(requests.map(\.system) == ["case system", "target system"])
        #expect(requests.map(\.prompt) == ["rendered one", "rendered two"])
        #expect(requests.map(\.settings) == [GenerationSettings(temperature: 0, maxTokens: 9), GenerationSettings(temperature: 0, maxTokens: 16)])
    }

    @Test func secretsAreRedactedFromMessagesAndEvents() async {
        let secret = "sk-live-123"
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, attempt throws(ProviderError) in
            switch request.caseID {
            case "c0": throw ProviderError(.permanent, "HTTP 400: key \(secret) rejected")
            case "c1" where attempt == 1: throw ProviderError(.transient, "HTTP 503 for \(secret)")
            default: return ModelResponse(text: "echo \(secret)")
            }
        }
        let fatal = ScriptedProvider(label: "f", tracker: tracker) { _, _ throws(ProviderError) in
            throw ProviderError(.fatal, "HTTP 401: \(secret)-suffix is not a valid key")
        }
        let events = RunEventLog()
        let units = [
            runnerUnit(provider: provider, cases: runnerCases(3, matchers: [OutputEqualsMatcher(expected: "x")]), secrets: [secret, "", "sk-live"]),
            runnerUnit(target: "f", provider: fatal, cases: runnerCases(3), secrets: [secret]),
        ]
        let results = await Runner(options: .test(concurrency: 1)) { events.append($0) }.run(units)
        let reports = results[0].cases
        #expect(reports[0].messages == ["HTTP 400: key [REDACTED] rejected"])
        #expect(reports[2].messages == ["expected \"x\", got \"echo [REDACTED]\""])
        #expect(events.retries.map(\.reason) == ["HTTP 503 for [REDACTED]"])
        #expect(events.stops.map(\.message) == ["HTTP 401: [REDACTED]-suffix is not a valid key"])
        #expect(results[1].stopMessage == "HTTP 401: [REDACTED]-suffix is not a valid key")
        #expect(results[1].cases.allSatisfy { $0.messages.allSatisfy { $0.hasSuffix("HTTP 401: [REDACTED]-suffix is not a valid key") } })
        let everything = results.flatMap { $0.cases.flatMap(\.messages) } + events.all.map { "\($0)" }
        #expect(!everything.contains { $0.contains(secret) })
    }

    @Test func theAnswerIsRedactedBeforeAMatcherQuotesACutOfIt() async {
        let secret = "sk-straddle-0123456789abcdefghijk"
        let provider = ScriptedProvider(tracker: RequestTracker()) { _, _ throws(ProviderError) in
            ModelResponse(text: String(repeating: "x", count: 190) + secret + " and the rest")
        }
        let cases = [PlannedCase(resolved: ResolvedCase(id: "c", prompt: "p", matchers: [Matchers.exact("y")]))]
        let results = await Runner(options: .test()).run([runnerUnit(provider: provider, cases: cases, secrets: [secret])])
        let report = results[0].cases[0]
        #expect(report.outcome == .failed)
        // The message quotes 200 characters of the answer: cut first, the secret's first 10 would survive.
        #expect(report.messages.first?.contains("[REDACTED]") == true, "\(report.messages)")
        #expect(!report.messages.joined().contains("sk-s"), "\(report.messages)")
        #expect(report.output?.hasSuffix("x[REDACTED] and the rest") == true)
    }

    @Test func promptAndSystemAreRedactedInEveryReport() async {
        let secret = "persona-secret-77"
        let provider = ScriptedProvider(tracker: RequestTracker()) { _, _ throws(ProviderError) in ModelResponse(text: "ok") }
        let failing = ScriptedProvider(label: "f", tracker: RequestTracker()) { _, _ throws(ProviderError) in
            throw ProviderError(.fatal, "HTTP 401")
        }
        let cases = [
            PlannedCase(resolved: ResolvedCase(id: "own", prompt: "say \(secret)", system: "case \(secret)")),
            PlannedCase(resolved: ResolvedCase(id: "target", prompt: "p")),
        ]
        let results = await Runner(options: .test(concurrency: 1)).run([
            runnerUnit(provider: provider, cases: cases, system: "target \(secret)", secrets: [secret]),
            runnerUnit(target: "f", provider: failing, cases: cases, system: "target \(secret)", secrets: [secret]),
        ])
        let reports = results.flatMap(\.cases)
        #expect(reports.count == 4)
        #expect(reports.map(\.system) == ["case [REDACTED]", "target [REDACTED]", "case [REDACTED]", "target [REDACTED]"])
        #expect(reports.map(\.prompt) == ["say [REDACTED]", "p", "say [REDACTED]", "p"])
        // Whichever of the failing target's cases is sent first stops the target; the other is never sent.
        #expect(reports[2...3].filter { $0.messages.first?.hasPrefix("not sent: ") == true }.count == 1, "a case never sent is reported redacted too")
    }
}
