@testable import EvalsCLI
import Foundation
import Testing

/// `evals compare OLD.json NEW.json` (SPEC §7.2): two saved runs of one target compared case by
/// case, as `TARGET@old` and `TARGET@new`, with reports written only where asked.
@Suite("evals compare")
struct CompareCommandTests {
    /// Two saved runs of suite `c`: in the new one `b` regressed and `c` was fixed.
    /// `newFlags` are given to the new run only.
    func savedRuns(_ scratch: Scratch, newFlags: [String] = []) async throws -> (old: String, new: String, suite: String) {
        let suite = try scratch.write("c.yaml-lite", """
            suite: c
            targets:
            \(scratch.commandTarget("local"))
            gate:
              max_regressions: 0
            cases:
              - {id: a, prompt: a, expect: a}
              - {id: b, prompt: b, expect: b}
              - {id: c, prompt: c, expect: c}
              - {id: d, prompt: d, expect: d}
            """)
        try scratch.answers("local", ["a": "a", "b": "b", "c": "wrong", "d": "d"])
        let old = await scratch.run([suite, "--out", scratch.path("old")])
        try #require(old.code == 1)
        try scratch.answers("local", ["b": "wrong", "c": "c"])
        let new = await scratch.run([suite, "--out", scratch.path("new")] + newFlags)
        try #require(new.code == (newFlags.isEmpty ? 1 : 0), "\(new.stdout)")
        return (scratch.path("old/results.json"), scratch.path("new/results.json"), suite)
    }

    @Test func comparesTheTwoRunsCaseByCase() async throws {
        let scratch = try Scratch()
        let runs = try await savedRuns(scratch)
        let result = await scratch.run([
            "compare", runs.old, runs.new,
            "--json", scratch.path("cmp/compare.json"), "--report", scratch.path("cmp/compare.txt"), "--html", scratch.path("cmp/compare.html"),
        ])
        #expect(result.code == 1, "a regression and a failed case fail the gates: \(result.stdout)")
        #expect(scratch.files(under: "cmp") == ["compare.html", "compare.json", "compare.txt"], "compare writes only the reports whose path is given")

        let results = try scratch.results("cmp/compare.json")
        #expect(results.targets.map { $0["target"] as? String } == ["local@old", "local@new"])
        #expect(results.targets.map { $0["judged"] as? Bool } == [false, true])
        #expect(results.field("transition", of: "local@new") == ["a": "still_passing", "b": "regressed", "c": "fixed", "d": "still_passing"])
        let comparison = try #require(results.comparisons.first)
        #expect(comparison["baseline"] as? String == "local@old" && comparison["candidate"] as? String == "local@new")
        #expect(comparison["fixed"] as? Int == 1 && comparison["regressed"] as? Int == 1 && comparison["still_passing"] as? Int == 2)
        #expect(comparison["mcnemar_p"] as? Double == 1)
        #expect(results.gates.map { $0["target"] as? String } == ["local@new", "local@new", "local@new"])
        #expect(results.exitCode == 1)

        let text = try #require(scratch.read("cmp/compare.txt"))
        #expect(result.stdout == text)
        #expect(text.contains("comparison local@old → local@new:\n  REGRESSED  b  \"b\" → \"wrong\"\n  FIXED      c  \"wrong\" → \"c\"\n"), "\(text)")
        #expect(text.contains("GATE max_regressions[local@new] 1 <= 0 FAIL"))
        #expect(text.hasSuffix("local@new: 3 passed, 1 failed, 0 errors, 0 skipped (pass rate 75.0%)\n"))
        let html = try #require(scratch.read("cmp/compare.html"))
        #expect(html.contains("<tr class=\"comparison\" data-baseline=\"local@old\" data-candidate=\"local@new\" data-regressed=\"1\" data-fixed=\"1\">"))
    }

    @Test func outWritesTheDefaultReportsThereAndAPathGivenMovesOne() async throws {
        let scratch = try Scratch()
        let runs = try await savedRuns(scratch)
        let result = await scratch.run(["compare", runs.old, runs.new, "--out", scratch.path("cmp"), "--junit", scratch.path("ci/compare.xml")])
        #expect(result.code == 1)
        #expect(scratch.files(under: "cmp") == ["report.html", "report.txt", "results.json"])
        #expect(scratch.files(under: "ci") == ["compare.xml"])
        #expect(try scratch.results("cmp/results.json").comparisons.count == 1)
        #expect(try scratch.junit("ci/compare.xml").suiteNames == ["c[local@new]"])
        #expect(scratch.read("cmp/report.txt") == result.stdout)
    }

    @Test func theGateOptionsAndTheNewRunsGateDecideTheExitCode() async throws {
        let scratch = try Scratch()
        let runs = try await savedRuns(scratch)
        let relaxed = await scratch.run(["compare", runs.old, runs.new, "--min-pass-rate", "0.75", "--max-regressions", "1", "--markdown", scratch.path("summary.md")])
        #expect(relaxed.code == 0, "\(relaxed.stdout)")
        #expect(scratch.read("summary.md")?.hasPrefix("## evals: PASS\n") == true)

        let other = try Scratch()
        let recorded = try await savedRuns(other, newFlags: ["--min-pass-rate", "0.75", "--max-regressions", "1"])
        let fromNew = await other.run(["compare", recorded.old, recorded.new])
        #expect(fromNew.code == 0, "the gates recorded in NEW.json apply: \(fromNew.stdout)")
        let overridden = await other.run(["compare", recorded.old, recorded.new, "--max-regressions", "0"])
        #expect(overridden.code == 1)
    }

    @Test func theAcceptHintNamesTheSuitesTarget() async throws {
        let scratch = try Scratch()
        let runs = try await savedRuns(scratch)
        let result = await scratch.run(["compare", runs.old, runs.new])
        #expect(result.stdout.contains("to accept: `evals accept \(runs.suite) --target local`"), "\(result.stdout)")
        #expect(!result.stdout.contains("--target local@"))
    }

    /// A file that is no result file, and what the error says about it.
    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var contents: String?
        var message: String
        var testDescription: String { name }

        static let all = [
            BadFile(name: "missing", contents: nil, message: "cannot read the result file"),
            BadFile(name: "not JSON", contents: "suite: c\n", message: "not an evals results file: the file is not valid JSON"),
            BadFile(name: "a JSON array", contents: "[1, 2]", message: "not an evals results file: the top level is not a JSON object"),
            BadFile(name: "no schema", contents: #"{"suites": []}"#, message: #"not an evals results file: no "schema" field (expected "evals.results/1")"#),
            BadFile(name: "another schema", contents: #"{"schema": "evals.results/9"}"#, message: #"unsupported results schema "evals.results/9""#),
            BadFile(name: "a field missing", contents: #"{"schema": "evals.results/1", "suites": []}"#, message: "malformed results file: missing field"),
        ]
    }

    @Test(arguments: BadFile.all)
    func aBadResultFileIsAUsageError(file: BadFile) async throws {
        let scratch = try Scratch()
        let runs = try await savedRuns(scratch)
        let bad = scratch.path("bad.json")
        if let contents = file.contents { try scratch.write("bad.json", contents) }
        for arguments in [[bad, runs.new], [runs.old, bad]] {
            let result = await scratch.run(["compare"] + arguments + ["--json", scratch.path("out.json")])
            #expect(result.code == 2)
            #expect(result.stderr.hasPrefix("\(bad): error: \(file.message)"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!scratch.exists("out.json"))
        }
    }
}
