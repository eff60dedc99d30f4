import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitCompare
@testable import EvalKitReporters
@testable import EvalKitRunner

/// What answers cost (SPEC §13.1): the arithmetic of a price, the batch discount, how amounts
/// read, the totals of a target and the `max_cost` gate, and the runner's cost limit.
@Suite struct CostAccountingTests {
    // MARK: Arithmetic

    @Test func aPriceCostsTokensPerMillion() {
        // 1,200 prompt tokens at $0.30 per million and 350 completion tokens at $2.50 per million:
        // $0.00036 + $0.000875 = $0.001235.
        let cost = Price(input: 0.30, output: 2.50).cost(of: TokenUsage(promptTokens: 1200, completionTokens: 350))
        #expect(abs(cost.inputUSD - 0.00036) < 1e-15)
        #expect(abs(cost.outputUSD - 0.000875) < 1e-15)
        #expect(abs(cost.usd - 0.001235) < 1e-15)
        #expect(cost.unknownRequests == 0)
    }

    @Test func aBatchAnswerCostsTheDiscountedPrice() {
        let usage = TokenUsage(promptTokens: 1_000_000, completionTokens: 2_000_000)
        let price = Price(input: 1, output: 4, batchDiscount: 0.5)
        #expect(price.cost(of: usage) == Cost(inputUSD: 1, outputUSD: 8))
        #expect(price.cost(of: usage, viaBatch: true) == Cost(inputUSD: 0.5, outputUSD: 4))
        #expect(Price(input: 1, output: 4, batchDiscount: 0.25).cost(of: usage, viaBatch: true) == Cost(inputUSD: 0.75, outputUSD: 6))
        #expect(Price(input: 1, output: 4, batchDiscount: 1).cost(of: usage, viaBatch: true).usd == 0)
    }

    @Test func anAnswerWithoutTokenCountsIsUnknownNotFree() {
        let cost = Price(input: 1, output: 1).cost(of: nil)
        #expect(cost == Cost(unknownRequests: 1))
        #expect(cost.text == "unknown")
        #expect((cost + Cost(inputUSD: 0.01)).text == "$0.0100 + unknown")
        #expect((cost + Cost(inputUSD: 0.001)).text == "$0.0010 + unknown")
        #expect(cost.unknownNote == "1 answer gave no token counts, so its cost is unknown and not in the figure")
        #expect(Cost(inputUSD: 0.01).unknownNote == nil)
    }

    @Test(arguments: [
        (0.0, "$0.00"), (12.345, "$12.35"), (1.0, "$1.00"), (0.0123, "$0.0123"), (0.01, "$0.0100"), (0.0099, "$0.0099"), (0.0001145, "$0.00011"),
        (0.000012, "$0.000012"), (0.00001, "$0.000010"), (0.0000099, "$0.0000099"), (-1.0, "$0.00"), (Double.nan, "$0.00"),
    ])
    func amountsReadSensibly(usd: Double, text: String) {
        #expect(Cost.format(usd) == text)
    }

    @Test func amountsForMachinesHaveNoExponent() {
        #expect(Cost.decimal(0.000012) == "0.000012")
        #expect(Cost.decimal(3) == "3")
        #expect(Cost.decimal(0.1 + 0.2) == "0.3")
        #expect(Cost.decimal(.infinity) == "0")
    }

    @Test func totalsAddWhatIsKnown() {
        #expect(Cost.total([Cost?]()) == nil)
        #expect(Cost.total([nil, nil]) == nil)
        #expect(Cost.total([Cost(inputUSD: 1), nil, Cost(outputUSD: 2, unknownRequests: 1)]) == Cost(inputUSD: 1, outputUSD: 2, unknownRequests: 1))
    }

    // MARK: Reports

    static func answered(_ id: String, cost: Cost?, outcome: Outcome = .passed, reason: SkipReason? = nil) -> CaseReport {
        var report = CaseReport(id: id, prompt: id, outcome: outcome, reason: reason)
        report.cost = cost
        return report
    }

    @Test func aTargetsCostIsItsCasesAndSurvivesResultsJSON() throws {
        var target = TargetReport(target: "t", provider: "openai", model: "m", judged: true, cases: [
            Self.answered("a", cost: Cost(inputUSD: 0.001, outputUSD: 0.002)),
            Self.answered("b", cost: Cost(inputUSD: 0.003, outputUSD: 0.004, unknownRequests: 1)),
            Self.answered("c", cost: Cost(), outcome: .skipped, reason: .costLimit),
        ])
        target.price = Price(input: 1, output: 2)
        target.recomputeSummary()
        #expect(target.cost == Cost(inputUSD: 0.004, outputUSD: 0.006, unknownRequests: 1))

        let data = try JSONEncoder().encode(target)
        let decoded = try JSONDecoder().decode(TargetReport.self, from: data)
        #expect(decoded.price == target.price)
        #expect(decoded.cases.map(\.cost) == target.cases.map(\.cost))
        #expect(decoded.cases[2].reason == .costLimit)
        #expect(decoded.cost?.usd == target.cost?.usd)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["cost"] as? [String: Any])?["usd"] as? Double == 0.01)
    }

    @Test func aTargetWithoutAPriceHasNoCostAndOneWithAPriceButNoAnswersCostsNothing() throws {
        var target = TargetReport(target: "t", provider: "openai", model: "m", judged: true, cases: [Self.answered("a", cost: nil)])
        #expect(target.cost == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(target)) as? [String: Any])
        #expect(object["cost"] is NSNull)
        #expect(object["price"] is NSNull)
        #expect((object["cases"] as? [[String: Any]])?.first?["cost"] == nil)
        target.price = Price(input: 1, output: 1)
        target.recomputeSummary()
        #expect(target.cost == Cost())
    }

    // MARK: The gate

    static func suite(_ targets: [(name: String, judged: Bool, cases: [CaseReport])], baseline: String? = nil) -> SuiteReport {
        SuiteReport(suite: "s", file: "s.yaml-lite", baseline: baseline, targets: targets.map {
            TargetReport(target: $0.name, provider: "openai", model: nil, judged: $0.judged, cases: $0.cases)
        })
    }

    static func maxCost(_ suite: SuiteReport, limit: Double) -> GateResult? {
        GateEvaluator.evaluate(suite: suite, config: GateConfig(minPassRate: nil, maxErrorRate: nil, maxCost: limit)).first
    }

    @Test func maxCostCountsTheRunsTargetsTogether() throws {
        let suite = Self.suite([
            ("tuned", true, [Self.answered("a", cost: Cost(inputUSD: 0.25))]),
            ("base", false, [Self.answered("a", cost: Cost(outputUSD: 0.5))]),
        ], baseline: "base")
        let under = try #require(Self.maxCost(suite, limit: 1))
        #expect(under == GateResult(gate: .maxCost, target: GateEvaluator.allTargets, limit: 1, value: 0.75, passed: true))
        #expect(try #require(Self.maxCost(suite, limit: 0.75)).passed == false, "reaching the limit fails")
        #expect(try #require(Self.maxCost(suite, limit: 0.5)).passed == false)
    }

    @Test func maxCostFailsWhenACaseWasNotSentForIt() throws {
        let suite = Self.suite([("tuned", true, [
            Self.answered("a", cost: Cost(inputUSD: 0.1)), Self.answered("b", cost: Cost(), outcome: .skipped, reason: .costLimit),
        ])])
        let gate = try #require(Self.maxCost(suite, limit: 5))
        #expect(gate.value == 0.1)
        #expect(!gate.passed, "another suite of the run spent the rest")
        #expect(GateEvaluator.costLimitedCases(suite) == 1)
        #expect(TextReporter.costGateNote(suite) == "1 case not sent")
    }

    @Test func maxCostLeavesOutAnEarlierRunAndHoldsWithNothingPriced() throws {
        // `evals compare`: the old run's targets are neither judged nor the baseline.
        let compared = Self.suite([
            ("t@old", false, [Self.answered("a", cost: Cost(inputUSD: 9))]),
            ("t@new", true, [Self.answered("a", cost: Cost(inputUSD: 0.5))]),
        ])
        #expect(try #require(Self.maxCost(compared, limit: 1)).value == 0.5)
        let unpriced = try #require(Self.maxCost(Self.suite([("t", true, [Self.answered("a", cost: nil)])]), limit: 1))
        #expect(unpriced.value == nil)
        #expect(unpriced.passed)
        #expect(TextReporter.gateFigures(unpriced) == "n/a < $1.00")
    }

    @Test func aFailedMaxCostGateExitsOne() throws {
        var suite = Self.suite([("tuned", true, [Self.answered("a", cost: Cost(inputUSD: 2))])])
        suite.gates = [try #require(Self.maxCost(suite, limit: 1))]
        #expect(RunVerdict.of(suites: [suite]) == .gateFailed)
    }

    // MARK: The runner's limit

    static func pricedUnit(target: String, provider: any Provider, cases: [PlannedCase]) -> RunUnit {
        var unit = runnerUnit(target: target, provider: provider, cases: cases)
        unit.target.price = Price(input: 1_000_000, output: 0)
        return unit
    }

    /// Every answer has one prompt token: $1 at $1,000,000 per million.
    static func oneTokenProvider(_ tracker: RequestTracker, label: String) -> ScriptedProvider {
        ScriptedProvider(label: label, tracker: tracker) { request, _ in
            var response = ModelResponse(text: request.prompt)
            response.usage = TokenUsage(promptTokens: 1, completionTokens: 0)
            return response
        }
    }

    @Test func theLimitCoversEveryTargetAndSkipsWhatWasNotSent() async throws {
        let tracker = RequestTracker()
        var options = RunnerOptions.test(concurrency: 1)
        options.maxCost = 3
        let results = await Runner(options: options).run([
            Self.pricedUnit(target: "a", provider: Self.oneTokenProvider(tracker, label: "a"), cases: runnerCases(4)),
            Self.pricedUnit(target: "b", provider: Self.oneTokenProvider(tracker, label: "b"), cases: runnerCases(4)),
        ])
        let cases = results.flatMap(\.cases)
        #expect(cases.count(where: { $0.outcome == .passed }) == 3, "$1 each: the third answer reaches $3")
        #expect(cases.count(where: { $0.reason == .costLimit }) == 5)
        #expect(await tracker.calls(label: "a") + tracker.calls(label: "b") == 3)
        #expect(cases.filter { $0.outcome == .passed }.allSatisfy { $0.cost == Cost(inputUSD: 1) })
        #expect(cases.filter { $0.reason == .costLimit }.allSatisfy { $0.cost == Cost() && $0.samples == 0 })
    }

    /// The first sample's $1 passes the $0.50 limit, yet the case's other samples are still sent.
    /// (One case only: with several, which one the runner starts first is the scheduler's choice;
    /// that the cases not yet started are skipped is the test above.)
    @Test func aCaseThatStartedSendingFinishesItsSamples() async throws {
        let tracker = RequestTracker()
        var options = RunnerOptions.test(concurrency: 1)
        options.maxCost = 0.5
        let results = await Runner(options: options).run([
            Self.pricedUnit(target: "t", provider: Self.oneTokenProvider(tracker, label: "t"), cases: [runnerCases(1, repeatCount: 3)[0]]),
        ])
        let cases = results[0].cases
        #expect(cases.count == 1)
        #expect(cases[0].outcome == .passed)
        #expect(cases[0].samples == 3)
        #expect(cases[0].cost == Cost(inputUSD: 3), "the cost of every sample")
        #expect(await tracker.calls(label: "t") == 3)
    }

    @Test func withoutALimitOrAPriceNothingIsCountedOrStopped() async throws {
        let tracker = RequestTracker()
        let results = await Runner(options: .test(concurrency: 1)).run([
            runnerUnit(target: "t", provider: Self.oneTokenProvider(tracker, label: "t"), cases: runnerCases(3)),
        ])
        #expect(results[0].cases.allSatisfy { $0.outcome == .passed && $0.cost == nil })
    }
}
