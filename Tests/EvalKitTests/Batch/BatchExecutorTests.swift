@testable import EvalKit
import FakeModelServer
import Foundation
import Synchronization
import Testing
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// The batch executor against fake-model's batch APIs (SPEC §13): Gemini's file path (Files API
/// upload and download), splitting at injected limits, a changed request set, and both spellings
/// of Gemini's job states.
@Suite("Batch executor")
struct BatchExecutorTests {
    static let key = "batch-executor-key-4711"

    /// A unit of `count` number cases against `provider`.
    static func unit(_ provider: any Provider, config: ProviderConfig, count: Int, suite: String = "batched") -> RunUnit {
        let target = Suite.ResolvedTarget(name: "tuned", config: config, secrets: [key])
        let cases = (1...count).map { PlannedCase(resolved: ResolvedCase(id: "n\($0)", prompt: "\($0)"), index: $0 - 1) }
        return RunUnit(suite: suite, target: target, provider: provider, cases: cases)
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("evals-batch-\(UUID().uuidString)", isDirectory: true)
    }

    static func options(_ directory: URL, limits: BatchLimits? = nil, inlineLimit: Int? = nil, warn: @escaping @Sendable (String) -> Void = { _ in }) -> BatchOptions {
        BatchOptions(pollInterval: .zero, directory: directory, limits: limits, inlineLimit: inlineLimit, warn: warn)
    }

    /// The text each case's answer holds, by key, through the provider the outcome hands the runner.
    static func answers(_ outcome: BatchOutcome, count: Int) async -> [String] {
        var texts: [String] = []
        for number in 1...count {
            do {
                texts.append(try await outcome.unit.provider.complete(ModelRequest(prompt: "\(number)", caseID: "n\(number)", sample: 0)).text)
            } catch {
                texts.append("error: \(error.message)")
            }
        }
        return texts
    }

    @Test func geminiSendsALargeRequestSetAsAFileThroughTheFilesAPI() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 1))
        defer { server.stop() }
        let directory = Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let provider = GeminiProvider(model: "next-number", apiKey: Self.key, baseURL: URL(string: "\(server.baseURL)/v1beta")!)
        let config = ProviderConfig.gemini(.init(model: "models/next-number", baseURL: "\(server.baseURL)/v1beta"))
        var unit = Self.unit(provider, config: config, count: 4)
        unit.target.rateLimit = 1
        let outcome = await BatchExecutor.run(unit, options: Self.options(directory, inlineLimit: 0), runner: RunnerOptions())

        #expect(!outcome.interrupted)
        #expect(outcome.unit.target.rateLimit == nil, "answers already here are not paced at one a minute")
        #expect(outcome.jobs.count == 1)
        #expect(await Self.answers(outcome, count: 4) == ["2", "3", "4", "5"])
        let requests = server.requests
        let start = try #require(requests.first { $0.path == "/upload/v1beta/files" && $0.header("X-Goog-Upload-Command") == "start" })
        #expect(start.header("X-Goog-Upload-Protocol") == "resumable")
        #expect(start.header("X-Goog-Upload-Header-Content-Type") == "application/jsonl")
        let upload = try #require(requests.first { $0.header("X-Goog-Upload-Command") == "upload, finalize" })
        #expect(upload.header("X-Goog-Upload-Offset") == "0")
        #expect(start.header("X-Goog-Upload-Header-Content-Length") == String(upload.body.count))
        let lines = String(decoding: upload.body, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 4)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["key"] as? String == "n1#0")
        let oneRequest = try JSONSerialization.jsonObject(with: GeminiProvider.body(for: ModelRequest(prompt: "1"))) as? NSDictionary
        #expect((first["request"] as? NSDictionary) == oneRequest, "a batch request is the body a normal run sends")
        let create = try #require(requests.first { $0.path.hasSuffix("/v1beta/models/next-number:batchGenerateContent") })
        #expect(((create.jsonBody?["batch"] as? [String: Any])?["inputConfig"] as? [String: Any])?["fileName"] as? String != nil)
        #expect(requests.contains { $0.path.hasPrefix("/download/v1beta/files/") && $0.target.hasSuffix(":download?alt=media") })
        #expect(requests.allSatisfy { !$0.path.hasSuffix(":generateContent") }, "nothing went one request at a time")
        #expect(!FileManager.default.fileExists(atPath: BatchState.url(directory: directory, suite: "batched", target: "tuned").path), "the state of a finished job is removed")
    }

    @Test func openAISplitsARequestSetOverTheLimitIntoSeveralJobsAndJoinsOnCustomID() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key, batchPolls: 2))
        defer { server.stop() }
        let directory = Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let provider = OpenAIProvider(model: "next-number", baseURL: URL(string: "\(server.baseURL)/v1")!, apiKey: Self.key)
        let config = ProviderConfig.openai(.init(model: "next-number", baseURL: "\(server.baseURL)/v1"))
        let polls = Mutex<[RunEvent]>([])
        let outcome = await BatchExecutor.run(
            Self.unit(provider, config: config, count: 7), options: Self.options(directory, limits: BatchLimits(maxRequests: 3, maxBytes: .max)),
            runner: RunnerOptions(), onEvent: { event in polls.withLock { $0.append(event) } })

        #expect(outcome.jobs.count == 3, "7 requests at 3 a job")
        #expect(server.batchJobsSubmitted == 3)
        #expect(await Self.answers(outcome, count: 7) == (2...8).map(String.init))
        let uploads = server.requests.filter { $0.path == "/v1/files" }
        #expect(uploads.count == 3)
        #expect(uploads.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains(#"name="purpose"\#r\#n\#r\#nbatch"#) })
        let creates = server.requests.filter { $0.path == "/v1/batches" }.compactMap(\.jsonBody)
        #expect(creates.allSatisfy { $0["completion_window"] as? String == "24h" && $0["endpoint"] as? String == "/v1/chat/completions" })
        let states = polls.withLock { $0 }.compactMap { event -> String? in
            if case .batchPolled(_, _, _, let state, _, _) = event { return state }
            return nil
        }
        #expect(states.filter { $0 == "completed" }.count == 3)
        #expect(states.contains("in_progress"))
    }

    @Test func splittingHonoursTheByteLimitToo() throws {
        let provider = OpenAIProvider(model: "m", baseURL: URL(string: "http://127.0.0.1:9/v1")!)
        let client = OpenAIBatchClient(provider)
        let items = (0..<10).map { BatchItem(key: "c\($0)#0", body: Data(repeating: UInt8(ascii: "x"), count: 100)) }
        let size = client.size(of: items[0])
        let chunks = BatchExecutor.split(items, client: client, limits: BatchLimits(maxRequests: 50_000, maxBytes: size * 4))
        #expect(chunks.map(\.count) == [4, 4, 2])
        #expect(chunks.flatMap { $0.map(\.key) } == items.map(\.key), "every request once, in order")
    }

    @Test func aChangedRequestSetSubmitsANewJobAndNamesTheOldOne() async throws {
        let server = try FakeModelServer(.init(batchPolls: 0))
        defer { server.stop() }
        let directory = Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stale = BatchState(suite: "batched", target: "tuned", provider: "openai", model: "next-number", requestsSHA256: "0123", requests: 1, submittedAt: "2026-01-01T00:00:00Z", jobs: [.init(id: "batch_old", first: 0, count: 1)])
        try stale.save(to: BatchState.url(directory: directory, suite: "batched", target: "tuned"))
        let provider = OpenAIProvider(model: "next-number", baseURL: URL(string: "\(server.baseURL)/v1")!)
        let config = ProviderConfig.openai(.init(model: "next-number", baseURL: "\(server.baseURL)/v1"))
        let warnings = Warnings()
        let outcome = await BatchExecutor.run(Self.unit(provider, config: config, count: 2), options: Self.options(directory, warn: { warnings.add($0) }), runner: RunnerOptions())

        #expect(outcome.jobs.count == 1 && outcome.jobs != ["batch_old"])
        #expect(await Self.answers(outcome, count: 2) == ["2", "3"])
        let warned = warnings.all
        #expect(warned.count == 1 && warned[0].contains("batch_old") && warned[0].contains("request set changed"), "\(warned)")
    }

    @Test(arguments: [
        ("BATCH_STATE_PENDING", BatchPoll.Phase.running), ("JOB_STATE_RUNNING", .running), ("BATCH_STATE_SUCCEEDED", .succeeded),
        ("JOB_STATE_SUCCEEDED", .succeeded), ("BATCH_STATE_FAILED", .failed), ("JOB_STATE_FAILED", .failed),
        ("BATCH_STATE_EXPIRED", .expired), ("JOB_STATE_EXPIRED", .expired), ("BATCH_STATE_CANCELLED", .cancelled), ("JOB_STATE_CANCELLED", .cancelled),
    ])
    func geminiStatesInBothSpellings(state: String, phase: BatchPoll.Phase) {
        #expect(GeminiBatchClient.phase(of: state) == phase)
    }

    @Test(arguments: [
        ("validating", BatchPoll.Phase.running), ("in_progress", .running), ("finalizing", .running), ("cancelling", .running),
        ("completed", .succeeded), ("failed", .failed), ("expired", .expired), ("cancelled", .cancelled),
    ])
    func openAIStatuses(status: String, phase: BatchPoll.Phase) {
        #expect(OpenAIBatchClient.phase(of: status) == phase)
    }
}

/// Warnings collected from any task.
final class Warnings: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.withLock { $0 } }
}
