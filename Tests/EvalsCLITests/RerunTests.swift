@testable import EvalsCLI
import EvalKit
import FakeModelServer
import Foundation
import Testing

/// `--rerun` and `--rerun-failed` (SPEC §12.2): only errors (and failures) run again, the rest
/// is reused, and the reports cover the whole suite as one clean run's would.
@Suite("Rerun")
struct RerunTests {
    static func suite(_ scratch: Scratch, ids: [String] = ["c1", "c2", "c3"], defaults: String = "") throws -> String {
        try scratch.write("rerun.yaml-lite", """
            suite: rerun
            default_target: tuned
            targets:
            \(scratch.commandTarget("tuned"))
            \(defaults)
            cases:
            \(ids.map { "  - {id: \($0), prompt: \"\($0)\", expect: ok-\($0)}" }.joined(separator: "\n"))
            """)
    }

    /// A results.json without what differs between runs of the same answers: timings, and the
    /// `reused` and `cached` marks.
    static func comparable(_ text: String?) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try #require(text).utf8)))
        func strip(_ value: Any) -> Any {
            if let dictionary = value as? [String: Any] {
                let dropped: Set = ["latency_ms", "duration_s", "started_at", "finished_at", "reused", "cached", "cache_hits", "cache_misses"]
                return dictionary.filter { !dropped.contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let data = try JSONSerialization.data(withJSONObject: strip(object), options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func rerunsErrorsThenFailuresAndReportsTheWholeSuiteAsACleanRun() async throws {
        let scratch = try Scratch()
        let path = try Self.suite(scratch)
        try scratch.answers("tuned", ["c1": "ok-c1", "c3": "wrong"])
        let first = await scratch.run([path, "--golden", "off", "--out", scratch.path("first")])
        #expect(first.code == 1, "\(first.stderr)\(first.stdout)")
        #expect(try scratch.results("first/results.json").field("outcome", of: "tuned") == ["c1": "passed", "c2": "error", "c3": "failed"])

        // c1 would now fail if it ran: a reused case keeps its recorded result.
        try scratch.answers("tuned", ["c1": "changed", "c2": "ok-c2"])
        let errors = await scratch.run([path, "--golden", "off", "--rerun", scratch.path("first/results.json"), "--out", scratch.path("second")])
        #expect(errors.code == 1, "c3 still fails: \(errors.stderr)\(errors.stdout)")
        let second = try scratch.results("second/results.json")
        #expect(second.field("outcome", of: "tuned") == ["c1": "passed", "c2": "passed", "c3": "failed"])
        #expect(second.field("reused", of: "tuned") == ["c1": "1", "c2": "absent", "c3": "1"])
        #expect(second.field("output", of: "tuned")["c1"] == "ok-c1")

        try scratch.answers("tuned", ["c1": "ok-c1"])
        let clean = await scratch.run([path, "--golden", "off", "--out", scratch.path("clean")])
        #expect(clean.code == 1)
        #expect(try Self.comparable(scratch.read("second/results.json")) == Self.comparable(scratch.read("clean/results.json")))

        try scratch.answers("tuned", ["c3": "ok-c3"])
        let failures = await scratch.run([path, "--golden", "off", "--rerun", scratch.path("second/results.json"), "--rerun-failed", "--out", scratch.path("third")])
        #expect(failures.code == 0, "\(failures.stderr)\(failures.stdout)")
        #expect(try scratch.results("third/results.json").field("reused", of: "tuned") == ["c1": "1", "c2": "1", "c3": "absent"])
        let cleanAgain = await scratch.run([path, "--golden", "off", "--out", scratch.path("clean2")])
        #expect(cleanAgain.code == 0)
        #expect(try Self.comparable(scratch.read("third/results.json")) == Self.comparable(scratch.read("clean2/results.json")))
        #expect(failures.stdout.contains("tuned: 3 passed, 0 failed, 0 errors, 0 skipped"), "\(failures.stdout)")
    }

    @Test func onlyTheErroredRequestIsSentAgain() async throws {
        let server = try FakeModelServer(.init())
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("net.yaml-lite", NetworkRunTests.openAISuite("net", server: server, rest: NetworkRunTests.numberCases(5)))
        server.enqueue(.reply(status: 400, body: #"{"error": {"message": "bad request"}}"#))
        let first = await scratch.run([path, "--golden", "off", "--concurrency", "1", "--out", scratch.path("first")])
        #expect(first.code == 3, "\(first.stderr)")
        #expect(server.stats.requests == 5)
        let rerun = await scratch.run([path, "--golden", "off", "--rerun", scratch.path("first/results.json"), "--out", scratch.path("second")])
        #expect(rerun.code == 0, "\(rerun.stderr)\(rerun.stdout)")
        #expect(server.stats.requests == 6, "one request, for the case that errored")
        let results = try scratch.results("second/results.json")
        #expect(results.target("tuned")?["counts"] as? [String: Int] == ["passed": 5, "failed": 0, "error": 0, "skipped": 0])
    }

    @Test func aChangedTargetIsRefusedNamingWhatChanged() async throws {
        let scratch = try Scratch()
        let path = try Self.suite(scratch)
        try scratch.answers("tuned", ["c1": "ok-c1", "c2": "ok-c2", "c3": "ok-c3"])
        let first = await scratch.run([path, "--golden", "off"])
        #expect(first.code == 0, "\(first.stderr)")
        let sha = try #require(scratch.results().target("tuned")?["config_sha256"] as? String)
        #expect(sha.count == 64)
        let saved = scratch.path("first.json")
        try FileManager.default.copyItem(atPath: scratch.path("reports/results.json"), toPath: saved)

        _ = try Self.suite(scratch, defaults: "defaults:\n  temperature: 0.5")
        let settings = await scratch.run([path, "--golden", "off", "--rerun", saved])
        #expect(settings.code == 2)
        #expect(settings.stderr.contains("target 'tuned' of suite 'rerun' changed since \(saved): settings"), "\(settings.stderr)")

        _ = try Self.suite(scratch)
        let unchanged = await scratch.run([path, "--golden", "off", "--rerun", saved])
        #expect(unchanged.code == 0, "\(unchanged.stderr)")
        #expect(try scratch.results().target("tuned")?["config_sha256"] as? String == sha)

        let model = await scratch.run([path, "--golden", "off", "--rerun", saved, "--set", "targets.tuned.run=[/bin/echo, ok]"])
        #expect(model.code == 2)
        #expect(model.stderr.contains("provider fields"), "\(model.stderr)")

        let failedAlone = await scratch.run([path, "--rerun-failed"])
        #expect(failedAlone.code == 2)
        #expect(failedAlone.stderr.contains("--rerun RESULTS.json"), "\(failedAlone.stderr)")
    }

    @Test func casesNoLongerInTheSuiteAreDroppedAndNewOnesRun() async throws {
        let scratch = try Scratch()
        let path = try Self.suite(scratch)
        try scratch.answers("tuned", ["c1": "ok-c1", "c2": "ok-c2", "c3": "ok-c3", "c4": "ok-c4"])
        _ = await scratch.run([path, "--golden", "off", "--out", scratch.path("first")])
        _ = try Self.suite(scratch, ids: ["c1", "c2", "c4"])
        let rerun = await scratch.run([path, "--golden", "off", "--rerun", scratch.path("first/results.json")])
        #expect(rerun.code == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("1 case of rerun[tuned] no longer selected in the suite, dropped: c3"), "\(rerun.stderr)")
        #expect(try scratch.results().field("reused", of: "tuned") == ["c1": "1", "c2": "1", "c4": "absent"])
    }
}
