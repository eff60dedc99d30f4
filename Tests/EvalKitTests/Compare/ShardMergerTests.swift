import EvalKit
import Foundation
import Testing

/// FNV-1a 64-bit over the UTF-8 bytes (SPEC §8), written here so the test does not depend on
/// the runner's implementation.
private func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
    }
    return hash
}

private func shardIndex(of id: String, count: Int) -> Int {
    Int(fnv1a64(id) % UInt64(count)) + 1
}

@Suite struct ShardMergerTests {
    typealias F = CompareFixtures

    @Test func fnvHelperMatchesPublishedVectors() {
        // Test vectors of draft-eastlake-fnv (FNV-1a, 64 bits).
        #expect(fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    static let outcomeCycle: [Outcome] = [.passed, .passed, .failed, .passed, .error, .failed, .passed]

    /// The selected cases of a suite of `count`, each with its index; `deselected` are left out.
    static func cases(_ count: Int, offset: Int, deselected: Set<Int> = []) -> [CaseReport] {
        (0..<count).filter { !deselected.contains($0) }.map { index in
            let id = "case-\(index)"
            let outcome = outcomeCycle[(index + offset) % outcomeCycle.count]
            var item = F.item(id, outcome, outcome == .error ? nil : "answer \(index + offset % 2)", tags: index % 3 == 0 ? ["heldout"] : [], latency: Double(10 + index * 7 + offset))
            item.golden = index % 4 == 0 ? .changed : .unchanged
            item.index = index
            return item
        }
    }

    /// An unsharded run: a suite with a baseline and two judged targets, and one without.
    static let full: RunReport = ReportAssembler.finish(RunReport(
        evalsVersion: "0.1.0",
        startedAt: "2025-03-01T10:00:00Z",
        finishedAt: "2025-03-01T10:05:00.250Z",
        suites: [
            ReportAssembler.assemble(SuiteReport(
                suite: "next", file: "suites/next.yaml-lite",
                gate: GateConfig(minPassRate: 0.5, maxRegressions: 3, significantRegression: 0.05, maxErrorRate: 0.2),
                baseline: "base",
                targets: [
                    F.target("base", judged: false, cases(30, offset: 2, deselected: [7, 19])),
                    F.target("tuned", cases(30, offset: 0, deselected: [7, 19])),
                    F.target("other", cases(30, offset: 5, deselected: [7, 19])),
                ],
                obsoleteGolden: ["tuned": ["old-case"]],
                deselected: 2
            )),
            ReportAssembler.assemble(SuiteReport(suite: "words", file: "suites/words.yaml-lite", targets: [
                F.target("tuned", cases(9, offset: 1)),
            ])),
        ]
    ))

    static let times: [(start: String, finish: String)] = [
        ("2025-03-01T10:00:00.500Z", "2025-03-01T10:05:00Z"),
        ("2025-03-01T10:00:00Z", "2025-03-01T10:05:00.250Z"),
        ("2025-03-01T10:01:00Z", "2025-03-01T10:04:00Z"),
    ]

    /// Shard `k` of `full` as `evals run --shard k/3` writes it: only its own cases, the others
    /// counted as deselected, figures computed over its own cases, exit code 0.
    static func shard(_ k: Int, of count: Int = 3) -> RunReport {
        var run = full
        run.shard = "\(k)/\(count)"
        run.startedAt = times[(k - 1) % times.count].start
        run.finishedAt = times[(k - 1) % times.count].finish
        run.suites = full.suites.map { suite in
            var suite = suite
            for index in suite.targets.indices {
                suite.targets[index].cases = suite.targets[index].cases.filter { shardIndex(of: $0.id, count: count) == k }
            }
            suite.deselected += (full.suites.first { $0.suite == suite.suite }?.targets[0].cases.count ?? 0) - suite.targets[0].cases.count
            return ReportAssembler.assemble(suite)
        }
        return ReportAssembler.finish(run)
    }

    /// The report as `merge` reads it back from `results.json`.
    static func roundTrip(_ run: RunReport) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: JSONEncoder().encode(run))
    }

    static func inputs(_ indices: [Int] = [1, 2, 3]) -> [(path: String, report: RunReport)] {
        indices.map { (path: "shard-\($0).json", report: shard($0)) }
    }

    @Test func mergedShardsEqualTheUnshardedRun() throws {
        let shards = try [3, 1, 2].map { try (path: "shard-\($0).json", report: Self.roundTrip(Self.shard($0))) }
        // Every shard ran something, and none ran everything.
        for (_, report) in shards {
            let ran = report.suites[0].targets[1].counts.run
            #expect(ran > 0 && ran < Self.full.suites[0].targets[1].counts.run)
            #expect(report.exitCode == 0)
        }
        #expect(Self.full.exitCode == 1)
        #expect(Self.full.suites[0].comparisons.count == 2)

        let merged = try ShardMerger.merge(shards)
        #expect(merged == Self.full)
        #expect(merged.shard == nil)
        #expect(merged.startedAt == "2025-03-01T10:00:00Z")
        #expect(merged.finishedAt == "2025-03-01T10:05:00.250Z")
    }

    @Test func aSingleShardMergesToItself() throws {
        var only = Self.full
        only.shard = "1/1"
        only.exitCode = 0
        #expect(try ShardMerger.merge([(path: "only.json", report: only)]) == Self.full)
    }

    @Test func mergeAppliesGateOverridesAndInterrupts() throws {
        var shards = Self.inputs()
        shards[1].report.interrupted = true
        let merged = try ShardMerger.merge(shards, gateOverrides: GateOverrides(minPassRate: 0, maxRegressions: 100, maxErrorRate: 1))
        #expect(merged.interrupted)
        #expect(merged.exitCode == 130)
        #expect(merged.suites[0].gate == GateConfig(minPassRate: 0, maxRegressions: 100, significantRegression: 0.05, maxErrorRate: 1))
        #expect(merged.suites.flatMap(\.gates).filter { $0.gate != .significantRegression }.allSatisfy { $0.passed })
    }

    @Test func missingShard() {
        #expect(throws: MergeError.missingShards(indices: [2], count: 3, given: ["shard-1.json (1/3)", "shard-3.json (3/3)"])) {
            try ShardMerger.merge(Self.inputs([1, 3]))
        }
        let error = MergeError.missingShards(indices: [2], count: 3, given: ["shard-1.json (1/3)", "shard-3.json (3/3)"])
        #expect(error.description == "shard 2 of 3 is missing (given: shard-1.json (1/3), shard-3.json (3/3))")
        #expect(MergeError.missingShards(indices: [1, 3], count: 3, given: ["b.json (2/3)"]).description == "shards 1, 3 of 3 are missing (given: b.json (2/3))")
    }

    @Test func duplicateShard() {
        var inputs = Self.inputs([1, 2, 3])
        inputs.append((path: "shard-2-again.json", report: Self.shard(2)))
        let expected = MergeError.duplicateShard(index: 2, count: 3, paths: ["shard-2.json", "shard-2-again.json"])
        #expect(throws: expected) { try ShardMerger.merge(inputs) }
        #expect(expected.description == "shard 2/3 is given more than once: shard-2.json, shard-2-again.json")
    }

    @Test func shardCountsMustAgree() {
        let inputs = [(path: "a.json", report: Self.shard(1)), (path: "b.json", report: Self.shard(2, of: 4))]
        let expected = MergeError.shardCountMismatch(path: "a.json", count: 3, otherPath: "b.json", otherCount: 4)
        #expect(throws: expected) { try ShardMerger.merge(inputs) }
        #expect(expected.description == "shard counts differ: a.json is a shard of 3, b.json of 4")
    }

    @Test func inputsMustBeShards() {
        #expect(throws: MergeError.noInputs) { try ShardMerger.merge([]) }
        #expect(throws: MergeError.notAShard(path: "full.json")) {
            try ShardMerger.merge([(path: "full.json", report: Self.full)])
        }
        for text in ["0/3", "4/3", "x/3", "3", "1/0", "1/3/3", "", "1/1001", "1/9223372036854775807"] {
            var report = Self.shard(1)
            report.shard = text
            #expect(throws: MergeError.invalidShard(path: "bad.json", shard: text)) {
                try ShardMerger.merge([(path: "bad.json", report: report)])
            }
        }
    }

    /// The first case id of suite `next` that shard `k` ran.
    static func caseRun(by k: Int) throws -> String {
        try #require(shard(k).suites[0].targets[0].cases.first).id
    }

    @Test func aCaseThatRanTwiceIsAnError() throws {
        let id = try Self.caseRun(by: 1)
        var inputs = Self.inputs()
        let original = try #require(Self.full.suites[0].targets[0].cases.first { $0.id == id })
        inputs[1].report.suites[0].targets[0].cases.append(original)
        let expected = MergeError.caseRanTwice(suite: "next", target: "base", caseID: id, shards: [1, 2], paths: ["shard-1.json", "shard-2.json"])
        #expect(throws: expected) { try ShardMerger.merge(inputs) }
        #expect(expected.description == "suite next, target base: case \(id) ran in shards 1 and 2 (shard-1.json, shard-2.json)")
    }

    /// A case listed twice in one file was counted twice before.
    @Test func aCaseListedTwiceInOneFileIsAnError() throws {
        let id = try Self.caseRun(by: 1)
        var inputs = Self.inputs()
        let again = try #require(inputs[0].report.suites[0].targets[0].cases.first { $0.id == id })
        inputs[0].report.suites[0].targets[0].cases.append(again)
        let expected = MergeError.caseRepeated(suite: "next", target: "base", caseID: id, path: "shard-1.json")
        #expect(throws: expected) { try ShardMerger.merge(inputs) }
        #expect(expected.description == "shard-1.json: suite next, target base lists case \(id) twice; a result file holds each case once (was it edited or joined with another?)")
    }

    @Test func shardFilesHoldOnlyTheirCasesAndCountTheRestDeselected() throws {
        let shards = [1, 2, 3].map { Self.shard($0) }
        let counts = shards.map { $0.suites[0].targets[1].cases.count }
        #expect(counts.reduce(0, +) == 28)
        #expect(shards.map(\.suites[0].deselected) == counts.map { 30 - $0 })
        let merged = try ShardMerger.merge(Self.inputs())
        #expect(merged.suites.map(\.deselected) == [2, 0])
        #expect(merged.suites[0].targets[1].cases.map(\.index) == (0..<30).filter { $0 != 7 && $0 != 19 })
    }

    @Test func shardsMustHoldTheSameSuitesAndTargets() {
        var inputs = Self.inputs()
        inputs[2].report.suites.removeLast()
        #expect(throws: MergeError.suitesDiffer(path: "shard-3.json", expected: ["next", "words"], found: ["next"], referencePath: "shard-1.json")) {
            try ShardMerger.merge(inputs)
        }

        inputs = Self.inputs()
        inputs[1].report.suites[0].targets.remove(at: 2)
        #expect(throws: MergeError.targetsDiffer(suite: "next", path: "shard-2.json", expected: ["base", "tuned", "other"], found: ["base", "tuned"], referencePath: "shard-1.json")) {
            try ShardMerger.merge(inputs)
        }
    }
}
