@testable import EvalsCLI
import EvalKit
import FakeModelServer
import Foundation
import Testing

/// The response cache from the command line (SPEC §12.1): hits and misses, refresh, offline
/// replay, repeats, corrupt entries, credentials, and two runs sharing one folder.
@Suite("Response cache")
struct CacheTests {
    static let key = "sk-cache-secret-4711"

    /// An OpenAI target at the fake model, needing `key`, with `count` number cases.
    static func suite(_ scratch: Scratch, server: FakeModelServer, count: Int = 4) throws -> String {
        try scratch.write("cached.yaml-lite", NetworkRunTests.openAISuite("cached", server: server, targetLines: ["api_key_env: CACHE_TEST_KEY"], rest: NetworkRunTests.numberCases(count)))
    }

    func run(_ scratch: Scratch, _ path: String, _ extra: [String], key: String = CacheTests.key) async -> CLIResult {
        await scratch.run([path, "--golden", "off", "--cache-dir", scratch.path("cache")] + extra, environment: ["CACHE_TEST_KEY": key])
    }

    @Test func useStoresAnswersThenAnswersFromTheCacheKeepingTheLatency() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server)

        let first = await run(scratch, path, ["--cache", "use"])
        #expect(first.code == 0, "\(first.stderr)\(first.stdout)")
        #expect(server.stats.requests == 4)
        let before = try scratch.results()
        #expect(before.target("tuned")?["cache"] as? [String: Int] == ["hits": 0, "misses": 4])
        #expect(before.field("cached", of: "tuned").values.allSatisfy { $0 == "0" })
        #expect(first.stdout.contains("cache tuned: 0 hits, 4 misses"), "\(first.stdout)")

        let second = await run(scratch, path, ["--cache", "use"])
        #expect(second.code == 0, "\(second.stderr)\(second.stdout)")
        #expect(server.stats.requests == 4, "every answer came from the cache")
        let after = try scratch.results()
        #expect(after.target("tuned")?["cache"] as? [String: Int] == ["hits": 4, "misses": 0])
        #expect(after.field("cached", of: "tuned").values.allSatisfy { $0 == "1" })
        #expect(after.field("output", of: "tuned") == before.field("output", of: "tuned"))
        #expect(after.field("latency_ms", of: "tuned") == before.field("latency_ms", of: "tuned"), "the original latency is kept")
        #expect(second.stdout.contains("cache tuned: 4 hits, 0 misses"), "\(second.stdout)")

        let off = await run(scratch, path, [])
        #expect(off.code == 0)
        #expect(server.stats.requests == 8, "without --cache every request is sent")
        #expect(try scratch.results().target("tuned")?["cache"] == nil)
    }

    @Test func refreshSendsAndOverwritesAndOnlyNeverSends() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, count: 3)

        let empty = await run(scratch, path, ["--cache", "only"])
        #expect(empty.code == 3, "every case is an error: \(empty.stderr)\(empty.stdout)")
        #expect(server.stats.requests == 0, "only never sends")
        let missed = try scratch.results()
        #expect(missed.field("outcome", of: "tuned").values.allSatisfy { $0 == "error" })
        #expect((missed.value("messages", of: "tuned", case: "n1") as? [String])?.first == "not in cache")

        let refreshed = await run(scratch, path, ["--cache", "refresh"])
        #expect(refreshed.code == 0, "\(refreshed.stderr)")
        #expect(server.stats.requests == 3)
        let again = await run(scratch, path, ["--cache", "refresh"])
        #expect(again.code == 0)
        #expect(server.stats.requests == 6, "refresh asks the model every time")
        #expect(try scratch.results().target("tuned")?["cache"] as? [String: Int] == ["hits": 0, "misses": 3])

        let replay = await run(scratch, path, ["--cache", "only"])
        #expect(replay.code == 0, "\(replay.stderr)")
        #expect(server.stats.requests == 6)
        #expect(try scratch.results().target("tuned")?["cache"] as? [String: Int] == ["hits": 3, "misses": 0])

        let fromEnvironment = await scratch.run(
            [path, "--golden", "off"], environment: ["CACHE_TEST_KEY": Self.key, "EVALS_CACHE": "only", "EVALS_CACHE_DIR": scratch.path("cache")])
        #expect(fromEnvironment.code == 0, "EVALS_CACHE and EVALS_CACHE_DIR choose the mode and folder: \(fromEnvironment.stderr)")
        #expect(server.stats.requests == 6)
    }

    @Test func errorsAreNeverStored() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, count: 1)
        server.enqueue(.reply(status: 400, body: #"{"error": {"message": "bad request"}}"#))
        let failed = await run(scratch, path, ["--cache", "use"])
        #expect(failed.code == 3, "\(failed.stderr)\(failed.stdout)")
        #expect(scratch.files(under: "cache").filter { $0.hasSuffix(".json") }.isEmpty, "an error is not an answer")
        let retried = await run(scratch, path, ["--cache", "use"])
        #expect(retried.code == 0)
        #expect(server.stats.requests == 2)
    }

    @Test func credentialsAreNeitherStoredNorPartOfTheKey() async throws {
        let other = "sk-rotated-key-0815"
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, count: 2)
        let first = await run(scratch, path, ["--cache", "use"])
        #expect(first.code == 0, "\(first.stderr)")
        let files = scratch.files(under: "cache")
        #expect(files.count == 2)
        for file in files {
            let text = try #require(scratch.read("cache/\(file)"))
            #expect(!text.contains(Self.key), "\(file) holds the key")
        }
        let rotated = await run(scratch, path, ["--cache", "use"], key: other)
        #expect(rotated.code == 0)
        #expect(server.stats.requests == 2, "a rotated key still finds the cached answers")
    }

    @Test func repeatsNeverShareOneCachedAnswer() async throws {
        let scratch = try Scratch()
        // Each call prints how many calls came before it, so every sample answers differently.
        let path = try scratch.write("repeats.yaml-lite", """
            suite: repeats
            default_target: counter
            targets:
              counter:
                provider: command
                run: [/bin/sh, -c, 'echo x >> "$0/calls"; wc -l < "$0/calls" | tr -d " "', \(scratch.path(""))]
            cases:
              - {id: one, prompt: "p", expect: {regex: "^[0-9]+$"}, repeat: 3}
            """)
        let first = await run(scratch, path, ["--cache", "use", "--concurrency", "1"])
        #expect(first.code == 0, "\(first.stderr)\(first.stdout)")
        let outputs = try #require(try scratch.results().cases("counter").first?["sample_results"] as? [[String: Any]]).compactMap { $0["output"] as? String }
        #expect(outputs == ["1\n", "2\n", "3\n"])

        let second = await run(scratch, path, ["--cache", "only"])
        #expect(second.code == 0, "\(second.stderr)")
        let replayed = try #require(try scratch.results().cases("counter").first?["sample_results"] as? [[String: Any]]).compactMap { $0["output"] as? String }
        #expect(replayed == ["1\n", "2\n", "3\n"], "each sample has its own entry")
        #expect(scratch.read("calls")?.count == 6, "the replay ran nothing")
    }

    @Test func aCorruptEntryIsAMissWithAWarning() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, count: 2)
        _ = await run(scratch, path, ["--cache", "use"])
        let entry = try #require(scratch.files(under: "cache").first)
        try Data("{\"schema\": \"evals.cache/1\", \"te".utf8).write(to: URL(fileURLWithPath: scratch.path("cache/\(entry)")))

        let second = await run(scratch, path, ["--cache", "use"])
        #expect(second.code == 0, "\(second.stderr)")
        #expect(second.stderr.contains("unreadable cache entry; treated as a miss"), "\(second.stderr)")
        #expect(server.stats.requests == 3, "the corrupt entry was asked again")
        #expect(try scratch.results().target("tuned")?["cache"] as? [String: Int] == ["hits": 1, "misses": 1])
        let third = await run(scratch, path, ["--cache", "only"])
        #expect(third.code == 0, "the entry was rewritten: \(third.stderr)")
    }

    static func codeOfRun(_ arguments: [String], environment: [String: String]) async -> Int32 {
        await CLI.main(arguments: arguments, environment: environment, stdout: Buffer(), stderr: Buffer())
    }

    @Test func twoRunsSharingOneFolderLeaveEveryEntryWhole() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, count: 40)
        let common = [path, "--golden", "off", "--cache-dir", scratch.path("cache"), "--cache", "refresh"]
        let environment = ["CACHE_TEST_KEY": Self.key]
        let (outA, outB) = (scratch.path("a"), scratch.path("b"))
        async let first = Self.codeOfRun(common + ["--out", outA], environment: environment)
        async let second = Self.codeOfRun(common + ["--out", outB], environment: environment)
        let (a, b) = await (first, second)
        #expect(a == 0 && b == 0)
        let files = scratch.files(under: "cache")
        #expect(files.count == 40)
        #expect(files.allSatisfy { !$0.contains(".tmp-") }, "no temporary file is left")
        for file in files {
            let data = try #require(scratch.data("cache/\(file)"))
            #expect(ResponseCache.decode(data) != nil, "\(file) is whole")
        }
        let replay = await run(scratch, path, ["--cache", "only"])
        #expect(replay.code == 0, "\(replay.stderr)")
    }

    @Test func statsPruneAndClear() async throws {
        let server = try FakeModelServer(.init(requiredKey: Self.key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try Self.suite(scratch, server: server, count: 3)
        _ = await run(scratch, path, ["--cache", "use"])
        let directory = ["--cache-dir", scratch.path("cache")]
        let stats = await scratch.run(["cache", "stats"] + directory)
        #expect(stats.code == 0)
        #expect(stats.stdout.contains(": 3 entries"), "\(stats.stdout)")
        let kept = await scratch.run(["cache", "prune", "--older-than", "1d"] + directory)
        #expect(kept.stdout.contains("removed 0 entries"), "\(kept.stdout)")
        let cleared = await scratch.run(["cache", "clear"] + directory)
        #expect(cleared.stdout.contains("removed 3 entries"), "\(cleared.stdout)")
        #expect(scratch.files(under: "cache").isEmpty)
        let wrong = await scratch.run(["cache", "stat"])
        #expect(wrong.code == 2)
        #expect(wrong.stderr.contains("did you mean 'stats'") || wrong.stderr.contains("stats"), "\(wrong.stderr)")
        let badMode = await scratch.run([path, "--cache", "yes"])
        #expect(badMode.code == 2)
        let badAge = await scratch.run([path, "--cache", "use", "--cache-ttl", "14"])
        #expect(badAge.code == 2)
        #expect(badAge.stderr.contains("units s m h d"), "\(badAge.stderr)")
    }
}
