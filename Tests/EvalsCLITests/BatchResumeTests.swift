import EvalKit
import FakeModelServer
import Foundation
import Synchronization
import Testing

/// Batch jobs across processes (SPEC §13): the built `evals` interrupted while it polls and then
/// resumed without a second job, and a request set over OpenAI's 50,000-request limit.
@Suite("Batch resume and split", .serialized)
struct BatchResumeTests {
    /// Waits for the first event of `stream`, or fails after `limit` so a broken run cannot hang the suite.
    static func first(_ stream: AsyncStream<Void>, limit: Duration = .seconds(30)) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in stream { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let seen = await group.next() ?? false
            group.cancelAll()
            return seen
        }
    }

    @Test func aRunInterruptedWhilePollingResumesTheSameJob() async throws {
        let binary = try #require(BuiltProduct.evals, "the evals executable is built")
        let server = try FakeModelServer(.init(requiredKey: BatchTests.key, batchPolls: 2))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try BatchTests.suite(scratch, server: server, provider: .openai)
        let (polled, seen) = AsyncStream<Void>.makeStream()
        let polls = Mutex(0)
        server.setHook { request in
            guard request.method == "GET", request.path.contains("/batches/") else { return nil }
            let count = polls.withLock { $0 += 1; return $0 }
            seen.yield()
            // Later polls wait for the signal, so the run is polling when it comes however fast the machine is.
            return count > 1 ? .delay(milliseconds: 60_000) : nil
        }

        let process = Process()
        process.executableURL = binary
        process.arguments = [path, "--golden", "off", "--batch", "--batch-poll", "0", "--out", scratch.path("reports")]
        process.currentDirectoryURL = scratch.url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1", "BATCH_TEST_KEY": BatchTests.key]
        let errorFile = scratch.url.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        let ended = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in ended.continuation.yield() }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        #expect(await Self.first(polled), "the server saw a poll")
        kill(process.processIdentifier, SIGINT)
        #expect(await Self.first(ended.stream), "evals ended after the signal")
        #expect(process.terminationStatus == 130)
        let stderr = scratch.read("stderr.txt") ?? ""
        #expect(stderr.contains("rerun the same command to resume it"), "\(stderr)")
        let saved = try #require(scratch.read(".evals/batches/batched/tuned.json"), "the job is saved in .evals/batches of the working folder")
        #expect(!saved.contains(BatchTests.key))
        let job = try #require(try JSONDecoder().decode(BatchState.self, from: Data(saved.utf8)).jobIDs.first)
        let interrupted = try scratch.results()
        #expect(interrupted.object["interrupted"] as? Bool == true)
        #expect(interrupted.field("reason", of: "tuned").values.allSatisfy { $0 == "interrupted" })
        #expect(server.batchJobsSubmitted == 1)

        server.setHook(nil)
        let resumed = await scratch.run(
            [path, "--golden", "off", "--batch", "--batch-poll", "0"],
            environment: ["BATCH_TEST_KEY": BatchTests.key, "EVALS_BATCH_DIR": scratch.path(".evals/batches")])
        #expect(resumed.code == 0, "\(resumed.stderr)\(resumed.stdout)")
        #expect(server.batchJobsSubmitted == 1, "the rerun resumed the saved job instead of submitting another")
        let results = try scratch.results()
        #expect(results.target("tuned")?["batch"] as? [String] == [job])
        #expect((results.target("tuned")?["counts"] as? [String: Int])?["passed"] == 6)
        #expect(!scratch.exists(".evals/batches/batched/tuned.json"), "the resumed job's results were read, so it is forgotten")
    }

    @Test func overFiftyThousandRequestsGoAsTwoOpenAIJobs() async throws {
        let count = 50_001
        let server = try FakeModelServer(.init(requiredKey: BatchTests.key, maxBodyBytes: 256 << 20, maxRecordedRequests: 100, batchPolls: 0))
        defer { server.stop() }
        let scratch = try Scratch()
        var rows = ""
        rows.reserveCapacity(count * 48)
        for number in 1...count { rows += #"{"id": "n\#(number)", "prompt": "\#(number)", "expect": "\#(number + 1)"}"# + "\n" }
        try scratch.write("cases.jsonl", rows)
        let path = try scratch.write("batched.yaml-lite", """
            suite: batched
            targets:
              tuned:
                provider: openai
                base_url: \(server.baseURL)/v1
                model: next-number
                api_key_env: BATCH_TEST_KEY
            cases_from: {path: cases.jsonl}
            """)

        let result = await scratch.run([path, "--golden", "off", "--batch", "--batch-poll", "0"], environment: BatchTests.environment(scratch))
        #expect(result.code == 0, "\(result.stderr.prefix(2000))")
        #expect(server.batchJobsSubmitted == 2)
        let results = try scratch.results()
        #expect((results.target("tuned")?["batch"] as? [String])?.count == 2)
        #expect((results.target("tuned")?["counts"] as? [String: Int])?["passed"] == count)
        let uploads = server.requests.filter { $0.path == "/v1/files" }
        #expect(uploads.count == 2)
        #expect(server.stats.requests < 20, "two uploads, two jobs, their polls and result files: \(server.stats.requests) requests")
    }
}
