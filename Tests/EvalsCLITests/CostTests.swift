@testable import EvalsCLI
import EvalKit
import FakeModelServer
import Foundation
import Testing

/// Cost accounting (SPEC §13.1) end to end against `fake-model`, whose token counts are the words
/// of the prompt and of the answer: `price`, each report's cost, the response cache, `compare`
/// and `merge`, and `--max-cost` stopping the run.
@Suite("Cost")
struct CostTests {
    /// $1000 per million prompt tokens and $2000 per million completion tokens: a case of one
    /// prompt word answered with one word costs $0.001 + $0.002 = $0.003.
    static let price = "price: {input: 1000, output: 2000}"

    /// A suite of one priced `openai` target at `server`, with `cases` (five number cases unless given).
    static func suite(_ scratch: Scratch, server: FakeModelServer, cases: String = NetworkRunTests.numberCases(5), price: String = CostTests.price, gate: String = "") throws -> String {
        try scratch.write("cost.yaml-lite", NetworkRunTests.openAISuite("cost", server: server, targetLines: price.isEmpty ? [] : [price], rest: gate + "\n" + cases))
    }

    static func cost(_ value: Any?) -> [String: Double] {
        (value as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    @Test func everyReportShowsTheCostOfAKnownTokenCount() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        // "99" is answered "100"; "one hundred" (2 words) is answered "one hundred one" (3 words).
        let path = try Self.suite(scratch, server: server, cases: """
            cases:
              - {id: small, prompt: "99", expect: "100"}
              - {id: words, prompt: "one hundred", expect: "one hundred one"}
            """)
        let run = await scratch.run([path, "--golden", "off", "--markdown", scratch.path("reports/summary.md")])
        #expect(run.code == 0, "\(run.stderr)\(run.stdout)")

        let results = try scratch.results()
        // small: 1 × $1000/1e6 + 1 × $2000/1e6; words: 2 × $1000/1e6 + 3 × $2000/1e6.
        #expect(Self.cost(results.value("cost", of: "tuned", case: "small")) == ["usd": 0.003, "input_usd": 0.001, "output_usd": 0.002, "unknown_requests": 0])
        #expect(Self.cost(results.value("cost", of: "tuned", case: "words")) == ["usd": 0.008, "input_usd": 0.002, "output_usd": 0.006, "unknown_requests": 0])
        let target = try #require(results.target("tuned"))
        #expect(Self.cost(target["cost"]) == ["usd": 0.011, "input_usd": 0.003, "output_usd": 0.008, "unknown_requests": 0])
        #expect(Self.cost(target["price"]) == ["input": 1000, "output": 2000, "batch_discount": 0.5])

        let text = try #require(scratch.read("reports/report.txt"))
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("  tuned ") && $0.contains("$") }, "\(text)")
        #expect(row.hasSuffix("3              4                  $0.0110"), "\(row)")
        #expect(text.contains("completion tokens  cost"), "\(text)")

        let junit = try #require(scratch.read("reports/junit.xml"))
        for property in [#"name="tokens.prompt" value="3""#, #"name="tokens.completion" value="4""#, #"name="cost.usd" value="0.011""#,
                         #"name="cost.input_usd" value="0.003""#, #"name="cost.output_usd" value="0.008""#] {
            #expect(junit.contains(property), "\(property) in \(junit)")
        }
        if let verdict = try await validateWithXmllint(scratch.path("reports/junit.xml")) {
            #expect(verdict.valid, "\(verdict.output)")
        }

        let markdown = try #require(scratch.read("reports/summary.md"))
        #expect(markdown.contains("### Tokens and cost\n\n| suite | target | prompt tokens | completion tokens | cost |\n"), "\(markdown)")
        #expect(markdown.contains("| cost | tuned | 3 | 4 | $0.0110 |\n"), "\(markdown)")

        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.contains(#"data-cost-usd="0.011""#), "\(html)")
        #expect(html.contains("<td>3 / 4</td>"), "\(html)")
        #expect(html.contains("<td>$0.0110</td></tr>"), "\(html)")
    }

    @Test func cachedAnswersCostNothingInTheRunThatReadsThem() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, cases: NetworkRunTests.numberCases(3))
        let cache = ["--cache", "use", "--cache-dir", scratch.path("cache"), "--golden", "off"]
        let first = await scratch.run([path, "--out", scratch.path("first")] + cache)
        #expect(first.code == 0, "\(first.stderr)")
        #expect(Self.cost(try scratch.results("first/results.json").target("tuned")?["cost"])["usd"] == 0.009)

        let second = await scratch.run([path, "--out", scratch.path("second")] + cache)
        #expect(second.code == 0, "\(second.stderr)")
        #expect(server.stats.requests == 3, "the second run is answered from the cache")
        let results = try scratch.results("second/results.json")
        #expect(Self.cost(results.target("tuned")?["cost"])["usd"] == 0)
        #expect(Self.cost(results.value("cost", of: "tuned", case: "n1"))["usd"] == 0)
        #expect(results.target("tuned")?["usage"] as? [String: Int] == ["prompt_tokens": 3, "completion_tokens": 3], "tokens still say what the answers hold")
        #expect(second.stdout.contains("cache tuned: 3 hits, 0 misses (answers from the cache cost nothing in this run)"), "\(second.stdout)")
    }

    @Test func rerunKeepsTheRecordedCostOfReusedCases() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, cases: NetworkRunTests.numberCases(3))
        server.enqueue(.reply(status: 400, body: #"{"error": {"message": "bad request"}}"#))
        let first = await scratch.run([path, "--golden", "off", "--concurrency", "1", "--out", scratch.path("first")])
        #expect(first.code == 3, "\(first.stderr)")
        #expect(Self.cost(try scratch.results("first/results.json").target("tuned")?["cost"])["usd"] == 0.006, "an error costs nothing")
        let rerun = await scratch.run([path, "--golden", "off", "--rerun", scratch.path("first/results.json"), "--out", scratch.path("second")])
        #expect(rerun.code == 0, "\(rerun.stderr)")
        #expect(Self.cost(try scratch.results("second/results.json").target("tuned")?["cost"])["usd"] == 0.009)
    }

    @Test func maxCostStopsSendingAndFailsTheGate() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server)
        // One request at a time: each answer's $0.003 is counted before the next case may be sent,
        // so the spend is $0.003 after one answer (under the limit) and $0.006 after two (over it).
        let run = await scratch.run([path, "--golden", "off", "--concurrency", "1", "--max-cost", "0.005"])
        #expect(run.code == 1, "\(run.stderr)\(run.stdout)")
        #expect(server.stats.requests == 2)
        let results = try scratch.results()
        #expect(results.target("tuned")?["counts"] as? [String: Int] == ["passed": 2, "failed": 0, "error": 0, "skipped": 3])
        #expect(results.field("reason", of: "tuned").values.sorted() == ["cost_limit", "cost_limit", "cost_limit", "null", "null"])
        #expect(Self.cost(results.target("tuned")?["cost"])["usd"] == 0.006)
        let gate = try #require(results.gates.first { $0["gate"] as? String == "max_cost" })
        #expect(gate["passed"] as? Bool == false)
        #expect(gate["target"] as? String == "all targets")
        #expect((gate["limit"] as? NSNumber)?.doubleValue == 0.005)
        #expect(run.stdout.contains("GATE max_cost[all targets] $0.0060 < $0.0050 FAIL (3 cases not sent)"), "\(run.stdout)")
        #expect(run.stdout.contains("tuned: 3 cases not sent (cost_limit: the run's spend had reached its limit)"), "\(run.stdout)")
        #expect(run.stdout.contains("tuned: 2 passed, 0 failed, 0 errors, 3 skipped"), "\(run.stdout)")

        let skipped = try scratch.junit().cases.filter { $0.verdict == "skipped" }
        #expect(skipped.count == 3)
        #expect(skipped.allSatisfy { $0.message?.hasPrefix("cost_limit: not sent") == true }, "\(skipped)")
        if let verdict = try await validateWithXmllint(scratch.path("reports/junit.xml")) {
            #expect(verdict.valid, "\(verdict.output)")
        }
    }

    @Test func theSuitesMaxCostGateStopsTheRunToo() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, gate: "gate:\n  max_cost: 0.005")
        let run = await scratch.run([path, "--golden", "off", "--concurrency", "1"])
        #expect(run.code == 1, "\(run.stderr)\(run.stdout)")
        #expect(server.stats.requests == 2)
        #expect(run.stdout.contains("GATE max_cost[all targets] $0.0060 < $0.0050 FAIL (3 cases not sent)"), "\(run.stdout)")

        let roomy = await scratch.run([path, "--golden", "off", "--max-cost", "1"])
        #expect(roomy.code == 0, "\(roomy.stderr)\(roomy.stdout)")
        #expect(roomy.stdout.contains("GATE max_cost[all targets] $0.0150 < $1.00 PASS"), "\(roomy.stdout)")
    }

    @Test func aCostLimitWithoutAPriceIsAUsageError() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, price: "")
        let run = await scratch.run([path, "--golden", "off", "--max-cost", "5"])
        #expect(run.code == 2)
        #expect(server.stats.requests == 0)
        #expect(run.stderr.contains("cost.yaml-lite:4:3: error: --max-cost $5.00 counts what every target run costs, but target 'tuned' has no price"), "\(run.stderr)")
        #expect(run.stderr.contains("--set targets.tuned.price.input=USD"), "\(run.stderr)")
        #expect(try scratch.junit().cases.map(\.name) == ["harness"])

        _ = try Self.suite(scratch, server: server, price: "", gate: "gate:\n  max_cost: 5")
        let gated = await scratch.run([path, "--golden", "off"])
        #expect(gated.code == 2)
        #expect(gated.stderr.contains("the gate's max_cost $5.00 counts what every target run costs, but target 'tuned' has no price"), "\(gated.stderr)")
        let check = await scratch.run(["check", path])
        #expect(check.code == 2, "check finds it before a run does")
        #expect(check.stderr.contains("cost.yaml-lite:4:3: error: the gate's max_cost $5.00 counts what every target run costs"), "\(check.stderr)")

        let priced = await scratch.run([path, "--golden", "off", "--set", "targets.tuned.price.input=1", "--set", "targets.tuned.price.output=1"])
        #expect(priced.code == 0, "\(priced.stderr)")
    }

    @Test func answersWithoutTokenCountsAreUnknownNotFree() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("unknown.yaml-lite", """
            suite: unknown
            default_target: tuned
            targets:
            \(scratch.commandTarget("tuned"))
                price: {input: 1, output: 1}
            cases:
              - {id: c1, prompt: "c1", expect: ok}
              - {id: c2, prompt: "c2", expect: ok}
            """)
        try scratch.answers("tuned", ["c1": "ok", "c2": "ok"])
        let run = await scratch.run([path, "--golden", "off", "--markdown", scratch.path("reports/summary.md")])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(Self.cost(try scratch.results().target("tuned")?["cost"]) == ["usd": 0, "input_usd": 0, "output_usd": 0, "unknown_requests": 2])
        #expect(run.stdout.contains("cost tuned: 2 answers gave no token counts, so their cost is unknown and not in the figure"), "\(run.stdout)")
        #expect(!run.stdout.contains("$0.00"), "an unknown cost is not shown as free: \(run.stdout)")
        #expect(try #require(scratch.read("reports/summary.md")).contains("| unknown |"))
        #expect(try #require(scratch.read("reports/report.html")).contains("<td>unknown</td>"))
    }

    @Test func compareAndMergeKeepTheCost() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, cases: NetworkRunTests.numberCases(4))
        for shard in ["1/2", "2/2"] {
            let run = await scratch.run([path, "--golden", "off", "--shard", shard, "--out", scratch.path("shard\(shard.prefix(1))")])
            #expect(run.code == 0, "\(run.stderr)")
        }
        let shardCosts = try ["shard1", "shard2"].map { Self.cost(try scratch.results("\($0)/results.json").target("tuned")?["cost"])["usd"] ?? -1 }
        #expect(shardCosts.reduce(0, +) == 0.012)

        let merge = await scratch.run(["merge", scratch.path("shard1/results.json"), scratch.path("shard2/results.json"), "--out", scratch.path("merged"), "--max-cost", "0.01"])
        #expect(merge.code == 1, "the merged spend, $0.012, reached the limit: \(merge.stderr)\(merge.stdout)")
        let merged = try scratch.results("merged/results.json")
        #expect(Self.cost(merged.target("tuned")?["cost"]) == ["usd": 0.012, "input_usd": 0.004, "output_usd": 0.008, "unknown_requests": 0])
        #expect(merge.stdout.contains("GATE max_cost[all targets] $0.0120 < $0.0100 FAIL"), "\(merge.stdout)")
        #expect(try #require(scratch.read("merged/report.html")).contains(#"data-cost-usd="0.012""#))

        let whole = await scratch.run([path, "--golden", "off", "--out", scratch.path("whole")])
        #expect(whole.code == 0)
        let compare = await scratch.run(["compare", scratch.path("merged/results.json"), scratch.path("whole/results.json"), "--out", scratch.path("compared")])
        #expect(compare.code == 0, "\(compare.stderr)\(compare.stdout)")
        let compared = try scratch.results("compared/results.json")
        #expect(Self.cost(compared.target("tuned@old")?["cost"])["usd"] == 0.012)
        #expect(Self.cost(compared.target("tuned@new")?["cost"])["usd"] == 0.012)
        #expect(compare.stdout.contains("tuned@old (baseline)  "), "\(compare.stdout)")
        #expect(compare.stdout.contains("$0.0120"), "\(compare.stdout)")

        // The gate of a comparison counts the new run's spend, not the old one's too.
        let gated = await scratch.run(["compare", scratch.path("merged/results.json"), scratch.path("whole/results.json"), "--out", scratch.path("gated"), "--max-cost", "0.02"])
        #expect(gated.code == 0, "\(gated.stdout)")
        #expect(gated.stdout.contains("GATE max_cost[all targets] $0.0120 < $0.0200 PASS"), "\(gated.stdout)")
    }
}
