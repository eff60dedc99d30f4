@testable import EvalsCLI
import EvalKit
import FakeModelServer
import Foundation
import Synchronization
import Testing

/// `evals run --batch` and `evals batch status|cancel` against fake-model's batch APIs (SPEC §13):
/// both providers end to end, error and missing lines, expired and failed jobs, a usage error for
/// providers without a batch API, status and cancel, and the state file's contents.
@Suite("Batch mode")
struct BatchTests {
    static let key = "batch-secret-key-4711"

    enum Provider: String, CaseIterable, Sendable {
        case gemini, openai
    }

    /// A suite with one target `tuned` of `provider` at the fake model, needing `key`, with `count` number cases.
    static func suite(_ scratch: Scratch, server: FakeModelServer, provider: Provider, model: String = "next-number", count: Int = 6, extra: String = "") throws -> String {
        let target = provider == .gemini
            ? "provider: gemini\n    base_url: \(server.baseURL)/v1beta\n    model: models/\(model)"
            : "provider: openai\n    base_url: \(server.baseURL)/v1\n    model: \(model)"
        return try scratch.write("batched.yaml-lite", """
            suite: batched
            default_target: tuned
            targets:
              tuned:
                \(target)
                api_key_env: BATCH_TEST_KEY\(extra)
            \(NetworkRunTests.numberCases(count))
            """)
    }

    static func environment(_ scratch: Scratch) -> [String: String] {
        ["BATCH_TEST_KEY": key, "EVALS_BATCH_DIR": scratch.path("batches")]
    }

    static func stateFile(_ scratch: Scratch) -> String {
        scratch.path("batches/batched/tuned.json")
    }

    func run(_ scratch: Scratch, _ path: String, _ extra: [String] = []) async -> CLIResult {
        await scratch.run([path, "--golden", "off", "--batch", "--batch-poll", "0"] + extra, environment: Self.environment(scratch))
    }

    @Test(arguments: Provider.allCases)
    func aBatchRunAnswersEveryCaseThroughOneJob(provider: Provider) async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 2))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, provider: provider)

        let result = await run(scratch, path)
        #expect(result.code == 0, "\(result.stderr)\(result.stdout)")
        #expect(server.batchJobsSubmitted == 1)
        #expect(server.requests.allSatisfy { !$0.path.hasSuffix(":generateContent") && !$0.path.hasSuffix("/chat/completions") }, "nothing went one request at a time")
        let results = try scratch.results()
        let jobs = try #require(results.target("tuned")?["batch"] as? [String])
        #expect(jobs.count == 1)
        #expect((results.target("tuned")?["counts"] as? [String: Int])?["passed"] == 6)
        #expect(results.field("batch", of: "tuned").values.allSatisfy { $0 == "1" }, "every case is marked as answered in a batch")
        #expect(results.field("latency_ms", of: "tuned").values.allSatisfy { $0 == "null" }, "a batch answer has no latency of its own")
        #expect(result.stderr.contains("batched[tuned]: batch \(jobs[0]) "), "polls show as progress: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.stateFile(scratch)), "a job whose results were read is forgotten")
    }

    /// Answers through a batch API cost `1 − batch_discount` of the price (SPEC §13.1), and reading
    /// them never stops for a cost limit: the job was paid for whole.
    @Test(arguments: Provider.allCases)
    func batchAnswersCostTheDiscountedPrice(provider: Provider) async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 0))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, provider: provider, extra: "\n    price: {input: 1000, output: 2000}\n    batch_discount: 0.25")
        func targetCost() throws -> Double {
            let cost = try #require(try scratch.results().target("tuned")?["cost"] as? [String: Any])
            return try #require(cost["usd"] as? Double)
        }
        #expect(await scratch.run([path, "--golden", "off"], environment: Self.environment(scratch)).code == 0)
        let full = try targetCost()
        #expect(full > 0)

        let result = await run(scratch, path, ["--max-cost", String(full / 10)])
        #expect(result.code == 1, "the spend passed the limit, so its gate fails: \(result.stderr)\(result.stdout)")
        let results = try scratch.results()
        #expect((results.target("tuned")?["counts"] as? [String: Int])?["passed"] == 6, "no batch answer is skipped for cost")
        #expect(abs(try targetCost() - full * 0.75) < 1e-12, "a batch answer costs 75% of the price with batch_discount 0.25")
    }

    @Test func aBatchRequestIsTheRequestANormalRunSends() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 0))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, provider: .gemini, count: 2)
        #expect(await run(scratch, path).code == 0)
        let create = try #require(server.requests.first { $0.path.hasSuffix(":batchGenerateContent") })
        let inline = ((((create.jsonBody?["batch"] as? [String: Any])?["inputConfig"] as? [String: Any])?["requests"] as? [String: Any])?["requests"] as? [[String: Any]]) ?? []
        #expect(inline.compactMap { ($0["metadata"] as? [String: Any])?["key"] as? String } == ["n1#0", "n2#0"])

        server.resetStats()
        #expect(await scratch.run([path, "--golden", "off"], environment: Self.environment(scratch)).code == 0)
        let single = try #require(server.requests.first { $0.path.hasSuffix(":generateContent") && String(decoding: $0.body, as: UTF8.self).contains(#""1""#) })
        #expect((inline.first?["request"] as? NSDictionary) == (single.jsonBody as NSDictionary?))
    }

    @Test func theTargetKeyBatchesRepeatsAsOneRequestPerSample() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 1))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, provider: .openai, count: 3, extra: "\n    batch: true")

        let result = await scratch.run([path, "--golden", "off", "--batch-poll", "0", "--repeat", "2"], environment: Self.environment(scratch))
        #expect(result.code == 0, "\(result.stderr)\(result.stdout)")
        let upload = try #require(server.requests.first { $0.path == "/v1/files" })
        // The form's file part: the JSONL lines, the first after the part's headers.
        let ids = String(decoding: upload.body, as: UTF8.self).split(separator: "\n").compactMap { line in
            line.firstIndex(of: "{").flatMap { (try? JSONSerialization.jsonObject(with: Data(line[$0...].utf8)) as? [String: Any])?["custom_id"] as? String }
        }
        #expect(ids == ["n1#0", "n1#1", "n2#0", "n2#1", "n3#0", "n3#1"])
        let results = try scratch.results()
        #expect((results.target("tuned")?["counts"] as? [String: Int])?["passed"] == 3)
        #expect(results.field("samples", of: "tuned").values.allSatisfy { $0 == "2" })
    }

    /// A model name that shapes the job's end, and what the cases that did not get an answer say.
    struct Ending: Sendable, CustomTestStringConvertible {
        var model: String
        var errors: [String]
        var message: String
        var testDescription: String { model }
    }

    static let endings = [
        Ending(model: "next-number-batch-errors", errors: ["n2", "n5"], message: "fake-model batch error for"),
        Ending(model: "next-number-batch-dropped", errors: ["n3", "n6"], message: "missing from batch output"),
        Ending(model: "next-number-batch-expired", errors: ["n1", "n2", "n3", "n4", "n5", "n6"], message: "expired"),
        Ending(model: "next-number-batch-failed", errors: ["n1", "n2", "n3", "n4", "n5", "n6"], message: "fake-model failed the batch on purpose"),
    ]

    @Test(arguments: Provider.allCases, endings)
    func requestsWithoutAnAnswerEndAsErrors(provider: Provider, ending: Ending) async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 1))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, provider: provider, model: ending.model)

        let result = await run(scratch, path)
        #expect(result.code == 3, "errors, not failures: \(result.stderr)\(result.stdout)")
        let results = try scratch.results()
        let outcomes = results.field("outcome", of: "tuned")
        #expect(outcomes.filter { $0.value == "error" }.keys.sorted() == ending.errors)
        #expect(outcomes.filter { $0.value == "passed" }.count == 6 - ending.errors.count)
        for id in ending.errors {
            let messages = results.value("messages", of: "tuned", case: id) as? [String] ?? []
            #expect(messages.first?.contains(ending.message) == true, "\(id): \(messages)")
        }
        #expect(!FileManager.default.fileExists(atPath: Self.stateFile(scratch)))
    }

    @Test func batchWithAProviderThatHasNoBatchAPIIsAUsageError() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("plain.yaml-lite", """
            suite: plain
            targets:
              reference:
                provider: reference
                model: next-number
            cases:
              - {id: one, prompt: "1", expect: "2"}
            """)
        let result = await scratch.run([path, "--batch"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("target 'reference' uses provider reference, which has no batch API; the providers that have one: gemini, openai"), "\(result.stderr)")

        let keyed = try scratch.write("keyed.yaml-lite", """
            suite: keyed
            targets:
              reference:
                provider: reference
                model: next-number
                batch: true
            cases:
              - {id: one, prompt: "1", expect: "2"}
            """)
        let check = await scratch.run(["check", keyed])
        #expect(check.code == 2)
        #expect(check.stderr.contains("keyed.yaml-lite:6:12: error: batch: provider reference has no batch API; the providers that have one: gemini, openai"), "\(check.stderr)")
    }

    /// Runs in process and interrupts the run once the server has answered the job's first poll.
    func interruptedRun(_ scratch: Scratch, _ path: String, server: FakeModelServer) async -> CLIResult {
        let interruption = Interruption()
        server.setHook { request in
            if request.method == "GET", request.path.contains("/batches/") { interruption.trigger() }
            return nil
        }
        defer { server.setHook(nil) }
        let out = Buffer(), err = Buffer()
        let code = await CLI.main(
            arguments: [path, "--golden", "off", "--batch", "--batch-poll", "0", "--out", scratch.path("reports")],
            environment: Self.environment(scratch), stdout: out, stderr: err, interruption: interruption)
        return CLIResult(code: code, stdout: out.text, stderr: err.text)
    }

    @Test func statusShowsASavedJobAndCancelStopsAndForgetsIt() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 1000))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, provider: .gemini)

        let interrupted = await interruptedRun(scratch, path, server: server)
        #expect(interrupted.code == 130)
        #expect(interrupted.stderr.contains("rerun the same command to resume it"), "\(interrupted.stderr)")
        let saved = try #require(scratch.read("batches/batched/tuned.json"), "the job is saved")
        #expect(!saved.contains(Self.key), "the state file holds no key")
        #expect(saved.contains(#""jobs""#) && saved.contains("batches/fake-"))

        let status = await scratch.run(["batch", "status", path], environment: Self.environment(scratch))
        #expect(status.code == 0, "\(status.stderr)")
        #expect(status.stdout.contains("batched[tuned]: 6 requests"), "\(status.stdout)")
        #expect(status.stdout.contains("BATCH_STATE_RUNNING, 0/6 done"), "\(status.stdout)")

        let wrong = await scratch.run(["batch", "status", path, "--target", "tunde"], environment: Self.environment(scratch))
        #expect(wrong.code == 2)
        #expect(wrong.stderr.contains("tuned"), "names the valid targets: \(wrong.stderr)")

        let cancel = await scratch.run(["batch", "cancel", path], environment: Self.environment(scratch))
        #expect(cancel.code == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("cancelled"), "\(cancel.stdout)")
        #expect(server.requests.contains { $0.method == "POST" && $0.path.hasSuffix(":cancel") })
        #expect(!FileManager.default.fileExists(atPath: Self.stateFile(scratch)))

        let none = await scratch.run(["batch", "status", path], environment: Self.environment(scratch))
        #expect(none.code == 0)
        #expect(none.stdout.contains("no saved batch jobs for batched"), "\(none.stdout)")
    }

    @Test func theBatchCommandNeedsAnActionAndSuites() async throws {
        let scratch = try Scratch()
        let missing = await scratch.run(["batch", "stauts", "x.yaml-lite"])
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("did you mean 'status'"), "\(missing.stderr)")
        let noSuite = await scratch.run(["batch", "cancel"])
        #expect(noSuite.code == 2)
        #expect(noSuite.stderr.contains("evals batch cancel needs suite files"), "\(noSuite.stderr)")
    }
}
