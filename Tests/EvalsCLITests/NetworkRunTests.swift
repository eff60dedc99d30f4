@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// Runs of the command line against the loopback fake model server: every network provider, the
/// README's local demo, injected transient faults and attempt timeouts (SPEC §4.4, §5, §6, §9).
@Suite("Network runs")
struct NetworkRunTests {
    static let cases = """
        cases:
          - {id: digits-1, prompt: "1", expect: "2"}
          - {id: digits-1000, prompt: "1,000", expect: "1,001"}
          - {id: words, prompt: twenty two, expect: twenty three}
          - {id: hyphen, prompt: twenty-two, expect: twenty-three}
          - {id: roman, prompt: XLIX, expect: {regex: "^L$"}}
        """

    /// `count` cases `n1`…: the prompt is a number, the answer the next one.
    /// A suite named `name` with one target, `local`: the next-number model of an OpenAI-compatible
    /// server at `base`, and `cases` (a `cases:` or `cases_from:` block).
    static func localSuite(_ name: String, base: String, cases: String) -> String {
        """
        suite: \(name)
        default_target: local
        targets:
          local:
            provider: openai
            base_url: \(base)/v1
            model: next-number
        \(cases)
        """
    }

    /// A suite `name` whose default target `tuned` is the fake model's `next-number` over the
    /// OpenAI wire at `server`, with `targetLines` added to the target (each a `key: value`) and
    /// `rest` (gate, cases) after the targets.
    static func openAISuite(_ name: String, server: FakeModelServer, targetLines: [String] = [], rest: String) -> String {
        let extra = targetLines.map { "\n    \($0)" }.joined()
        return """
            suite: \(name)
            default_target: tuned
            targets:
              tuned:
                provider: openai
                base_url: \(server.baseURL)/v1
                model: next-number\(extra)
            \(rest)
            """
    }

    static func numberCases(_ count: Int) -> String {
        "cases:\n" + (1...count).map { "  - {id: n\($0), prompt: \"\($0)\", expect: \"\($0 + 1)\"}" }.joined(separator: "\n")
    }

    /// A suite with one target of every network provider, all pointing at `base`.
    static func everyProvider(base: String, cases: String = NetworkRunTests.cases) -> String {
        """
        suite: network
        default_target: chat
        targets:
          chat:
            provider: openai
            base_url: \(base)/v1
            model: next-number
          completions:
            provider: openai
            api: completions
            base_url: \(base)/v1
            model: next-number
          gemini:
            provider: gemini
            base_url: \(base)/v1beta
            model: models/next-number
          http:
            provider: http
            url: \(base)/v1/chat/completions
            body: '{"model": "next-number", "messages": [{"role": "user", "content": "{{prompt}}"}]}'
            output: /choices/0/message/content
        defaults:
          max_tokens: 16
        \(cases)
        """
    }

    static let allTargets = ["--target", "chat", "--target", "completions", "--target", "gemini", "--target", "http"]

    @Test func everyProviderRecordsLatencyRetriesFinishReasonAndUsage() async throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 5))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("network.yaml-lite", Self.everyProvider(base: server.baseURL))
        let result = await scratch.run([path, "--golden", "off"] + Self.allTargets, environment: ["GEMINI_API_KEY": "test-key"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")

        let results = try scratch.results()
        let finishReasons = ["chat": "stop", "completions": "stop", "gemini": "STOP"]
        for target in ["chat", "completions", "gemini", "http"] {
            #expect(results.counts(of: target)["passed"] == 5, "\(target)")
            let cases = results.cases(target)
            #expect(cases.map { $0["id"] as? String } == ["digits-1", "digits-1000", "words", "hyphen", "roman"])
            var promptTokens = 0, completionTokens = 0
            for item in cases {
                let latency = try #require(item["latency_ms"] as? Double, "\(target) \(item)")
                #expect(latency >= 5, "the server's latency is part of the attempt")
                #expect(item["retries"] as? Int == 0)
                if let reason = finishReasons[target] {
                    #expect(item["finish_reason"] as? String == reason, "\(target)")
                    let usage = try #require(item["usage"] as? [String: Int], "\(target) reports usage")
                    #expect(usage["prompt_tokens", default: 0] >= 1)
                    #expect(usage["completion_tokens", default: 0] >= 1)
                    promptTokens += usage["prompt_tokens", default: 0]
                    completionTokens += usage["completion_tokens", default: 0]
                } else {
                    #expect(item["finish_reason"] is NSNull, "a plain JSON endpoint has no finish reason")
                }
            }
            if finishReasons[target] != nil {
                let totals = results.target(target)?["usage"] as? [String: Int]
                #expect(totals == ["prompt_tokens": promptTokens, "completion_tokens": completionTokens], "\(target)")
            }
        }

        let requests = server.requests
        #expect(requests.count == 20)
        #expect(requests.count(where: { $0.path == "/v1/chat/completions" }) == 10)
        #expect(requests.count(where: { $0.path == "/v1/completions" && $0.jsonBody?["prompt"] != nil }) == 5)
        let gemini = requests.filter { $0.path == "/v1beta/models/next-number:generateContent" }
        #expect(gemini.count == 5)
        #expect(gemini.allSatisfy { $0.header("x-goog-api-key") == "test-key" && !$0.target.contains("?") })
        #expect(requests.filter { $0.path.hasSuffix("completions") }.allSatisfy { $0.header("Authorization") == nil }, "no api_key_env, no key")
        let junit = try #require(scratch.read("reports/junit.xml"))
        for target in ["chat", "completions", "gemini", "http"] {
            #expect(junit.contains("<testsuite name=\"network[\(target)]\" tests=\"5\" failures=\"0\" errors=\"0\" skipped=\"0\""))
        }
    }

    @Test func theReadmeLocalDemoRunsTheQuickStartSuiteOnAnOpenAIServer() async throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 20))
        defer { server.stop() }
        let scratch = try Scratch()
        let suite = packageRoot.appendingPathComponent("suites/next-number.yaml-lite").path
        let result = await scratch.run([suite, "--target", "local", "--set", "targets.local.base_url=\(server.baseURL)/v1"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("local: 31 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)"))
        #expect(server.stats.requests == 31)
        #expect(server.stats.maxConcurrency <= 4, "the target's max_concurrency: 4 holds under --concurrency 8")
        #expect(server.requests.allSatisfy { $0.path == "/v1/chat/completions" && $0.jsonBody?["model"] as? String == "next-number-lora" })
        #expect(result.stderr.contains("run `evals accept \(suite) --target local` to accept it"))
        #expect(scratch.exists("golden/next-number/local.golden.new"), "outside CI mode new entries go to a pending file")
    }

    @Test func transientFaultsAreRetriedUntilEveryCasePasses() async throws {
        let server = try FakeModelServer(.init(errorRate: 0.3, unavailableRetryAfter: 0, seed: 42))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("faults.yaml-lite", Self.everyProvider(base: server.baseURL, cases: Self.numberCases(40)))
        let result = await scratch.run(
            [path, "--target", "chat", "--target", "gemini", "--retries", "12", "--golden", "off"], environment: ["GEMINI_API_KEY": "k-for-tests"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")

        let results = try scratch.results()
        var retries = 0
        for target in ["chat", "gemini"] {
            #expect(results.counts(of: target) == ["passed": 40, "failed": 0, "error": 0, "skipped": 0], "\(target)")
            let cases = results.cases(target)
            #expect(cases.count == 40)
            retries += cases.reduce(0) { $0 + ($1["retries"] as? Int ?? 0) }
        }
        #expect(retries > 0, "a 30 % error rate over 80 cases makes some retries")
        #expect(server.stats.requests == 80 + retries, "every request is a case's attempt: none lost, none uncounted")
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func attemptsThatOutliveTheTimeoutEndAsErrorsAfterTheirRetries() async throws {
        // The server would answer after 30 s: far enough past the 0.3 s timeout that no answer
        // arrives first. The run does not wait for it: each attempt is cut short, and the server
        // stops at once. The binary runs in a process of its own: in this one, other tests can
        // keep every thread busy for seconds, and the run's deadlines would fire that late.
        let server = try FakeModelServer(.init(latencyMilliseconds: 30_000))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("slow.yaml-lite", Self.everyProvider(base: server.baseURL, cases: Self.numberCases(4)))
        let result = try await scratch.runBinary([path, "--timeout", "0.3", "--retries", "1", "--golden", "off"])
        #expect(result.code == 3, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("chat: 0 passed, 0 failed, 4 errors, 0 skipped (pass rate n/a)"))
        let cases = try scratch.results().cases("chat")
        #expect(cases.count == 4)
        for item in cases {
            #expect(item["outcome"] as? String == "error")
            #expect(item["retries"] as? Int == 1)
            let message = (item["messages"] as? [String])?.first ?? ""
            #expect(message.contains("timed out after 0.3s"), "\(message)")
            #expect(message.contains("gave up after 1 retry"), "\(message)")
        }
        // Each attempt's deadline covers all of it, connecting and writing included: on a loaded
        // machine an attempt can time out before its request reaches the server, so the server
        // sees at most the two attempts of each case, not always all of them.
        #expect((1...8).contains(server.stats.requests), "at most two attempts per case reach the server (\(server.stats.requests))")
    }
}
