@testable import EvalsCLI
import Foundation
import Testing

/// `--shard K/N` and `evals merge` (SPEC §8): three shards merged give the reports and the exit
/// code of one unsharded run, apart from timings; shards that do not make one run are exit 2.
@Suite("Shards and evals merge")
struct ShardMergeTests {
    /// Suite `sharded`: ten cases on `local`, compared with `base`. On `local`, `c` regresses,
    /// `d` is fixed, `e` fails on both, `f` ends in error, `b` differs from its golden entry (a
    /// warning) and golden-only `j` differs too (a failure).
    func prepare(_ scratch: Scratch) throws -> String {
        let ids = "abcdefghij".map(String.init)
        var local = Dictionary(uniqueKeysWithValues: ids.map { ($0, $0) })
        var base = local
        local["c"] = "wrong"
        local["e"] = "wrong"
        local["f"] = nil
        base["d"] = "wrong"
        base["e"] = "wrong"
        try scratch.answers("local", local)
        try scratch.answers("base", base)
        try scratch.write("golden/sharded/local.golden", """
            cases:
              a:
                output: a
              b:
                output: B
              j:
                output: old j
            """)
        let cases = ids.map { id in
            id == "j" ? "  - {id: j, prompt: j}" : "  - {id: \(id), prompt: \(id), expect: \(id), tags: [\(id < "e" ? "early" : "late")]}"
        }
        return try scratch.write("sharded.yaml-lite", """
            suite: sharded
            default_target: local
            targets:
            \(scratch.commandTarget("local"))
            \(scratch.commandTarget("base"))
            gate:
              max_regressions: 0
            cases:
            \(cases.joined(separator: "\n"))
            """)
    }

    /// Runs the three shards of the suite into `shard-K`, each expected to exit 0.
    func runShards(_ scratch: Scratch, path: String, flags: [String] = []) async throws -> [String] {
        var files: [String] = []
        for k in 1...3 {
            let result = await scratch.run([path, "--baseline", "base", "--retries", "0", "--shard", "\(k)/3", "--out", scratch.path("shard-\(k)")] + flags)
            #expect(result.code == 0, "a shard defers gates to merge: \(result.stderr)")
            files.append(scratch.path("shard-\(k)/results.json"))
        }
        return files
    }

    /// Gate options, and the exit code an unsharded run gives with them.
    struct Gates: Sendable, CustomTestStringConvertible {
        var flags: [String]
        var exitCode: Int32
        var testDescription: String { "\(flags.isEmpty ? "the suite's gates" : flags.joined(separator: " ")) → \(exitCode)" }

        static let all = [
            Gates(flags: [], exitCode: 1),
            Gates(flags: ["--min-pass-rate", "0.6", "--max-regressions", "2"], exitCode: 3),
            Gates(flags: ["--min-pass-rate", "0.6", "--max-regressions", "2", "--max-error-rate", "0.1"], exitCode: 0),
        ]
    }

    @Test(arguments: Gates.all)
    func mergedShardsReportLikeOneUnshardedRun(gates: Gates) async throws {
        let scratch = try Scratch()
        let path = try prepare(scratch)
        let whole = await scratch.run([path, "--baseline", "base", "--retries", "0", "--out", scratch.path("whole")] + gates.flags)
        #expect(whole.code == gates.exitCode, "\(whole.stdout)")

        let shards = try await runShards(scratch, path: path, flags: gates.flags)
        var ran: [String] = []
        for (index, file) in shards.enumerated() {
            let results = try Results(text: try #require(scratch.read("shard-\(index + 1)/results.json")))
            #expect(results.object["shard"] as? String == "\(index + 1)/3" && results.exitCode == 0, "\(file)")
            ran += results.cases("local").filter { $0["outcome"] as? String != "skipped" }.compactMap { $0["id"] as? String }
        }
        #expect(ran.sorted() == "abcdefghij".map(String.init), "every case runs in exactly one shard")

        let merge = await scratch.run(["merge"] + shards + ["--out", scratch.path("merged")] + gates.flags)
        #expect(merge.code == gates.exitCode, "\(merge.stderr)\(merge.stdout)")
        #expect(try scratch.results("merged/results.json").exitCode == Int(gates.exitCode))

        let wholeJSON = try normalisedJSON(try #require(scratch.read("whole/results.json")))
        let mergedJSON = try normalisedJSON(try #require(scratch.read("merged/results.json")))
        #expect(mergedJSON == wholeJSON)

        let wholeJUnit = try #require(scratch.read("whole/junit.xml"))
        let mergedJUnit = try #require(scratch.read("merged/junit.xml"))
        #expect(Set(try JUnitFile(text: mergedJUnit).cases.map(Identity.init)) == Set(try JUnitFile(text: wholeJUnit).cases.map(Identity.init)))
        #expect(normalisedXML(mergedJUnit) == normalisedXML(wholeJUnit))

        #expect(normalisedText(try #require(scratch.read("merged/report.txt"))) == normalisedText(try #require(scratch.read("whole/report.txt"))))
        #expect(normalisedText(merge.stdout) == normalisedText(whole.stdout))
        #expect(normalisedHTML(try #require(scratch.read("merged/report.html"))) == normalisedHTML(try #require(scratch.read("whole/report.html"))))
    }

    @Test func deselectedCasesAreReportedNowhereAndMergeLikeOneRunOfTheSelection() async throws {
        let scratch = try Scratch()
        let path = try prepare(scratch)
        let selection = ["--tag", "late", "--filter", "[e-i]"]
        let whole = await scratch.run([path, "--baseline", "base", "--retries", "0", "--out", scratch.path("whole")] + selection)
        #expect(whole.code == 1, "\(whole.stdout)")
        let results = try scratch.results("whole/results.json")
        #expect(results.cases("local").compactMap { $0["id"] as? String } == ["e", "f", "g", "h", "i"])
        #expect(results.suite["deselected"] as? Int == 5)
        #expect(results.target("local")?["counts"] as? [String: Int] == ["passed": 3, "failed": 1, "error": 1, "skipped": 0])
        let junit = try scratch.junit("whole/junit.xml")
        #expect(junit.cases.map(\.name) == ["e", "f", "g", "h", "i"])
        #expect(!junit.cases.contains { $0.verdict == "skipped" })
        let text = try #require(scratch.read("whole/report.txt"))
        #expect(text.contains("\n  selected 5 of 10 cases (5 deselected)\n"))
        #expect(text.hasSuffix("local: 3 passed, 1 failed, 1 errors, 0 skipped (pass rate 75.0%)\n"))

        let shards = try await runShards(scratch, path: path, flags: selection)
        var ran: [String] = []
        for k in 1...3 {
            let shard = try scratch.results("shard-\(k)/results.json")
            #expect(!shard.cases("local").contains { $0["outcome"] as? String == "skipped" })
            #expect((shard.suite["deselected"] as? Int ?? 0) + shard.cases("local").count == 10)
            ran += shard.cases("local").compactMap { $0["id"] as? String }
        }
        #expect(ran.sorted() == ["e", "f", "g", "h", "i"])
        let merge = await scratch.run(["merge"] + shards + ["--out", scratch.path("merged")])
        #expect(merge.code == 1)
        #expect(try normalisedJSON(try #require(scratch.read("merged/results.json"))) == normalisedJSON(try #require(scratch.read("whole/results.json"))))
        #expect(normalisedXML(try #require(scratch.read("merged/junit.xml"))) == normalisedXML(try #require(scratch.read("whole/junit.xml"))))
        #expect(normalisedText(try #require(scratch.read("merged/report.txt"))) == normalisedText(text))
    }

    /// A JUnit testcase apart from its time.
    struct Identity: Hashable {
        var classname: String, name: String, verdict: String?, type: String?, text: String, systemOut: String

        init(_ testcase: JUnitFile.TestCase) {
            (classname, name, verdict, type, text, systemOut) = (testcase.classname, testcase.name, testcase.verdict, testcase.type, testcase.text, testcase.systemOut)
        }
    }

    /// What a merge may not accept, and the message that says so.
    enum BadSet: String, CaseIterable, Sendable {
        case missing, duplicated, ranTwice, otherCount, unsharded
    }

    @Test(arguments: BadSet.allCases)
    func shardsThatDoNotMakeOneRunAreAUsageError(set: BadSet) async throws {
        let scratch = try Scratch()
        let path = try prepare(scratch)
        let shards = try await runShards(scratch, path: path)
        let files: [String]
        let message: String
        switch set {
        case .missing:
            files = [shards[2], shards[0]]
            message = "shard 2 of 3 is missing (given: \(shards[2]) (3/3), \(shards[0]) (1/3))"
        case .duplicated:
            let copy = try scratch.write("copy/results.json", try #require(scratch.read("shard-2/results.json")))
            files = shards + [copy]
            message = "shard 2/3 is given more than once: \(shards[1]), \(copy)"
        case .ranTwice:
            // An unsharded run passed off as shard 3: every case of shards 1 and 2 ran twice.
            let whole = await scratch.run([path, "--baseline", "base", "--retries", "0", "--out", scratch.path("whole")])
            let text = try #require(scratch.read("whole/results.json"))
            let forged = try scratch.write("forged/results.json", text.replacingOccurrences(of: "\"shard\" : null", with: "\"shard\" : \"3/3\""))
            try #require(whole.code == 1 && scratch.read("forged/results.json") != text)
            files = [shards[0], shards[1], forged]
            message = "suite sharded, target local: case a ran in shards 2 and 3 (\(shards[1]), \(forged))"
        case .otherCount:
            let half = await scratch.run([path, "--baseline", "base", "--retries", "0", "--shard", "1/2", "--out", scratch.path("half")])
            #expect(half.code == 0)
            files = shards + [scratch.path("half/results.json")]
            message = "shard counts differ: \(shards[0]) is a shard of 3, \(scratch.path("half/results.json")) of 2"
        case .unsharded:
            let whole = await scratch.run([path, "--baseline", "base", "--retries", "0", "--out", scratch.path("whole")])
            #expect(whole.code == 1)
            files = [scratch.path("whole/results.json")] + shards
            message = "\(scratch.path("whole/results.json")): not the result of a shard"
        }
        let merge = await scratch.run(["merge"] + files + ["--out", scratch.path("merged")])
        #expect(merge.code == 2)
        #expect(merge.stderr.hasPrefix("evals: error: ") && merge.stderr.contains(message), "\(merge.stderr)")
        #expect(!scratch.exists("merged"), "a failed merge writes no report")
    }

    // MARK: Normalising timings

    static let timingKeys: Set<String> = ["started_at", "finished_at", "latency_ms", "duration_s"]

    /// Results JSON with every timing replaced by null, re-encoded with sorted keys.
    func normalisedJSON(_ text: String) throws -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return Dictionary(uniqueKeysWithValues: object.map { key, value in (key, Self.timingKeys.contains(key) ? NSNull() : strip(value)) })
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let value = strip(try JSONSerialization.jsonObject(with: Data(text.utf8)))
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
    }

    /// JUnit XML with its `time` and `timestamp` attributes emptied.
    func normalisedXML(_ text: String) -> String {
        text.replacingOccurrences(of: #"(time|timestamp)="[^"]*""#, with: "$1=\"\"", options: .regularExpression)
    }

    /// A text report with latencies blanked and runs of spaces collapsed, as their widths vary.
    /// The HTML report without its start and finish times and latencies.
    func normalisedHTML(_ text: String) -> String {
        normalisedText(text).replacingOccurrences(of: "started [^,]*, finished [^ ]*", with: "", options: .regularExpression)
    }

    func normalisedText(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9.]+ ms"#, with: "N ms", options: .regularExpression)
            .replacingOccurrences(of: " +", with: " ", options: .regularExpression)
    }
}
